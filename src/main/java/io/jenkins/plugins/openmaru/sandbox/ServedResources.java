package io.jenkins.plugins.openmaru.sandbox;

import static io.jenkins.plugins.openmaru.sandbox.ServedResource.stored;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of what the sandbox's API server serves: every kind the engine, the build and the
 * template objects use, and the subresources the sandbox answers. API discovery is written from it.
 * A kind missing here is still stored, but {@code kubectl} does not know its name.
 */
final class ServedResources {
    static final List<ServedResource> ALL = List.of(
            stored("v1", "configmaps", "ConfigMap").withShortNames("cm"),
            stored("v1", "endpoints", "Endpoints").withShortNames("ep"),
            stored("v1", "pods", "Pod").withShortNames("po").inCategoryAll(),
            // The service proxy answers GET only (SandboxApiFront).
            stored("v1", "services", "Service").withShortNames("svc").inCategoryAll()
                    .withSubresource("proxy", "ServiceProxyOptions", List.of("get")),
            stored("apps/v1", "deployments", "Deployment").withShortNames("deploy").inCategoryAll().withStatus(),
            stored("coordination.k8s.io/v1", "leases", "Lease"),
            stored("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy").withShortNames("netpol"),
            stored("gateway.networking.k8s.io/v1", "httproutes", "HTTPRoute").withStatus(),
            stored("route.openshift.io/v1", "routes", "Route").inCategoryAll().withStatus(),
            stored("build.openshift.io/v1", "buildconfigs", "BuildConfig").withShortNames("bc").inCategoryAll()
                    .withSubresource("instantiate", "BuildRequest", List.of("create"))
                    .withSubresource("instantiatebinary", "BinaryBuildRequestOptions", List.of("create")),
            stored("build.openshift.io/v1", "builds", "Build").inCategoryAll()
                    .withSubresource("log", "BuildLog", List.of("get")),
            stored("image.openshift.io/v1", "imagestreams", "ImageStream").withShortNames("is").inCategoryAll(),
            stored("image.openshift.io/v1", "imagestreamimports", "ImageStreamImport").withVerbs("create"));

    private ServedResources() {}

    /** Each group version ({@code v1}, {@code apps/v1}, ...) with its resources, in table order. */
    static Map<String, List<ServedResource>> byGroupVersion() {
        Map<String, List<ServedResource>> out = new LinkedHashMap<>();
        for (ServedResource r : ALL) {
            out.computeIfAbsent(r.groupVersion(), gv -> new java.util.ArrayList<>()).add(r);
        }
        return out;
    }
}
