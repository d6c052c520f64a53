package io.jenkins.plugins.openmaru.sandbox;

import static io.jenkins.plugins.openmaru.sandbox.ServedResource.stored;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of what the sandbox's API server serves: every kind the engine, the build and the
 * template objects use, the subresources the sandbox answers, and the columns of the kinds it prints
 * tables for. API discovery ({@link ApiDiscovery}) and {@code kubectl get}'s tables ({@link ServerSideTables})
 * are written from it.
 * A kind missing here is still stored, but {@code kubectl} does not know its name.
 */
final class ServedResources {
    static final List<ServedResource> ALL = List.of(
            stored("v1", "configmaps", "ConfigMap").withShortNames("cm").printedWith(PrinterColumns.CONFIG_MAP),
            stored("v1", "endpoints", "Endpoints").withShortNames("ep"),
            stored("v1", "pods", "Pod").withShortNames("po").inCategoryAll(),
            // The service proxy answers GET only (SandboxApiFront).
            stored("v1", "services", "Service").withShortNames("svc").inCategoryAll().printedWith(PrinterColumns.SERVICE)
                    .withSubresource("proxy", "ServiceProxyOptions", List.of("get")),
            stored("apps/v1", "deployments", "Deployment").withShortNames("deploy").inCategoryAll().withStatus()
                    .printedWith(PrinterColumns.DEPLOYMENT),
            stored("coordination.k8s.io/v1", "leases", "Lease").printedWith(PrinterColumns.LEASE),
            stored("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy").withShortNames("netpol"),
            stored("gateway.networking.k8s.io/v1", "httproutes", "HTTPRoute").withStatus(),
            stored("route.openshift.io/v1", "routes", "Route").inCategoryAll().withStatus().printedWith(PrinterColumns.ROUTE),
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
            out.computeIfAbsent(r.groupVersion(), gv -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The resource {@code plural} of {@code groupVersion}, if the sandbox serves it. */
    static Optional<ServedResource> find(String groupVersion, String plural) {
        return ALL.stream().filter(r -> r.groupVersion().equals(groupVersion) && r.plural().equals(plural)).findFirst();
    }
}
