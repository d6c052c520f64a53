package io.jenkins.plugins.openmaru.workload;

import io.jenkins.plugins.openmaru.model.AppRef;
import java.net.URI;
import java.net.URL;

/**
 * Reaches one slot (or a rolling update's app Service) from outside the cluster, as {@code kubectl proxy} does: through the API server's service
 * proxy, {@code <api>/api/v1/namespaces/NS/services/NAME:PORT/proxy}. Gates send requests to these URLs with
 * the cluster client's credentials (see the http gate), so an http gate measures the candidate slot alone
 * without a Route per slot and without DNS names that resolve only inside the cluster.
 */
public final class ServiceProxyEndpoints implements SlotEndpoints {
    private final String apiServer;

    /** @param apiServer the API server's URL, e.g. the client's {@code getMasterUrl()} */
    public ServiceProxyEndpoints(URL apiServer) {
        this.apiServer = apiServer.toString().replaceAll("/+$", "");
    }

    @Override
    public URI serviceUrl(AppRef app, String service, int port) {
        return URI.create(apiServer + "/api/v1/namespaces/" + app.namespace() + "/services/" + service + ":" + port + "/proxy");
    }
}
