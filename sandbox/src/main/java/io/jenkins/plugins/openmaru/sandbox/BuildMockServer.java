package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A CRUD-mode {@link KubernetesMockServer} that also answers OpenShift's build and image-import
 * subresources ({@code instantiate}, {@code instantiatebinary}, {@code builds/{name}/log},
 * {@code imagestreamimports}) for any namespace and name. Plain expectations match exact paths
 * only, so they could not cover names that are not known in advance.
 */
public class BuildMockServer extends KubernetesMockServer {
    private final BuildSubresources subresources;

    public BuildMockServer(boolean useHttps) {
        this(new HashMap<>(), useHttps);
    }

    private BuildMockServer(Map<ServerRequest, Queue<ServerResponse>> responses, boolean useHttps) {
        this(responses, new BuildSubresources(new KubernetesMixedDispatcher(responses)), useHttps);
    }

    private BuildMockServer(Map<ServerRequest, Queue<ServerResponse>> responses, BuildSubresources subresources, boolean useHttps) {
        super(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, subresources, useHttps);
        this.subresources = subresources;
    }

    /** What the subresources received (binary uploads) and serve (build logs). */
    public BuildSubresources subresources() {
        return subresources;
    }
}
