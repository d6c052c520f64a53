package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's discovery documents, written from {@link ServedResources}, so that {@code kubectl} and
 * {@code oc} can map {@code deploy}, {@code routes} or {@code leases} to URLs: {@code /version}, {@code /api},
 * {@code /api/v1}, {@code /apis}, {@code /apis/GROUP} and {@code /apis/GROUP/VERSION}. Any other path outside
 * {@code /api/} and {@code /apis/} is 404, as on a real API server; resource paths go on to the store.
 * Only the legacy documents are served: clients asking for aggregated discovery fall back to them. It also
 * labels the store's answers as JSON, which the store leaves unsaid.
 */
final class ApiDiscovery extends Dispatcher {
    /** The Kubernetes version the sandbox reports: the one OpenShift 4.20 serves. */
    static final String KUBERNETES_VERSION = "v1.33.0+openmaru-sandbox";

    private final Dispatcher store;
    private final KubernetesSerialization json = KubernetesJson.SERIALIZATION;
    private final Map<String, String> documents = new LinkedHashMap<>();

    ApiDiscovery(Dispatcher store) {
        this.store = store;
        Map<String, List<ServedResource>> byGroupVersion = ServedResources.byGroupVersion();
        documents.put("/version", json.asJson(version()));
        documents.put("/api", json.asJson(new APIVersionsBuilder().withVersions("v1").build()));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        byGroupVersion.forEach((groupVersion, resources) -> {
            documents.put((groupVersion.contains("/") ? "/apis/" : "/api/") + groupVersion, resourceList(groupVersion, resources));
            if (groupVersion.contains("/")) {
                groups.computeIfAbsent(resources.get(0).group(), g -> new ArrayList<>()).add(resources.get(0).version());
            }
        });
        List<APIGroup> apiGroups = new ArrayList<>();
        groups.forEach((group, versions) -> {
            APIGroup g = group(group, versions);
            apiGroups.add(g);
            documents.put("/apis/" + group, json.asJson(g));
        });
        documents.put("/apis", json.asJson(new APIGroupListBuilder().withGroups(apiGroups).build()));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String resourcePath = query < 0 ? path : path.substring(0, query);
        if (resourcePath.length() > 1 && resourcePath.endsWith("/")) {
            resourcePath = resourcePath.substring(0, resourcePath.length() - 1);
        }
        String document = documents.get(resourcePath);
        if (document != null) {
            return request.method() == HttpMethod.GET ? json(200, document)
                    : status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
        if (isDiscoveryPath(resourcePath) || !(resourcePath.startsWith("/api/") || resourcePath.startsWith("/apis/"))) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        MockResponse answer = store.dispatch(request);
        // The CRUD store answers JSON without saying so; clients that also accept protobuf (kubectl describe) need to know.
        if (answer != null && answer.header("Content-Type") == null && answer.getBody() != null && answer.getBody().size() > 0) {
            answer.setHeader("Content-Type", "application/json");
        }
        return answer;
    }

    /** {@code /apis/GROUP} or {@code /apis/GROUP/VERSION}: a group or version the sandbox does not serve. */
    private static boolean isDiscoveryPath(String path) {
        return path.startsWith("/apis/") && path.split("/").length <= 4;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private MockResponse status(int code, String reason, String message) {
        return json(code, json.asJson(new StatusBuilder().withStatus("Failure").withReason(reason).withCode(code).withMessage(message).build()));
    }

    private static Map<String, String> version() {
        String[] numbers = KUBERNETES_VERSION.substring(1).split("[.+]");
        Map<String, String> v = new LinkedHashMap<>();
        v.put("major", numbers[0]);
        v.put("minor", numbers[1]);
        v.put("gitVersion", KUBERNETES_VERSION);
        v.put("platform", System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch"));
        return v;
    }

    private String resourceList(String groupVersion, List<ServedResource> resources) {
        List<APIResource> entries = new ArrayList<>();
        for (ServedResource r : resources) {
            entries.add(new APIResourceBuilder().withName(r.plural()).withSingularName(r.singular()).withNamespaced(true)
                    .withKind(r.kind()).withVerbs(r.verbs()).withShortNames(optional(r.shortNames()))
                    .withCategories(optional(r.categories())).build());
            for (ServedResource.Subresource s : r.subresources()) {
                entries.add(new APIResourceBuilder().withName(r.plural() + "/" + s.name()).withSingularName("").withNamespaced(true)
                        .withKind(s.kind()).withVerbs(s.verbs()).build());
            }
        }
        return json.asJson(new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(entries).build());
    }

    private static APIGroup group(String name, List<String> versions) {
        List<GroupVersionForDiscovery> served = versions.stream()
                .map(v -> new GroupVersionForDiscovery(name + "/" + v, v)).toList();
        return new APIGroupBuilder().withName(name).withVersions(served).withPreferredVersion(served.get(0)).build();
    }

    /** Absent rather than an empty list, as the API server writes them. */
    private static List<String> optional(List<String> values) {
        return Optional.ofNullable(values).filter(v -> !v.isEmpty()).orElse(null);
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }
}
