package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.PodResponse;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sandbox's API server does beyond storing objects, as OpenShift's does:
 * <ul>
 *   <li>a Route created without {@code spec.host} gets {@code <name>-<namespace>.apps.sandbox};</li>
 *   <li>a Route created or replaced is admitted by the default router ({@link RouteAdmission}): its
 *       {@code status.ingress} names its host;</li>
 *   <li>the service proxy, {@code GET /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH}, answers from
 *       the pods of the Deployment named like the Service (how the CLI's http gates reach one slot).</li>
 * </ul>
 * It runs on the mock server's event loop, so a proxied request waits at most {@link #PROXY_TIMEOUT}.
 */
final class SandboxApiFront extends Dispatcher {
    /** The router domain of generated Route hosts. */
    static final String ROUTER_DOMAIN = DataPlaneConfig.DEFAULT_ROUTE_DOMAIN;
    static final Duration PROXY_TIMEOUT = Duration.ofSeconds(5);
    /** A Route's collection (create) or the Route itself (replace), not its {@code /status}. */
    private static final Pattern ROUTES = Pattern.compile("/apis/route\\.openshift\\.io/v1/namespaces/([^/]+)/routes(/[^/?]+)?(\\?.*)?");
    private static final Pattern PROXY = Pattern.compile(
            "/api/v1/namespaces/([^/]+)/services/(?:https?:)?([^/:]+)(?::[^/]+)?/proxy(/[^?]*)?(\\?.*)?");

    private final Dispatcher store;
    private final KubernetesSerialization json = KubernetesJson.SERIALIZATION;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** (namespace, Deployment name) to the URL of its pods; absent until the data plane runs. */
    private volatile BiFunction<String, String, Optional<URI>> pods = (ns, name) -> Optional.empty();

    SandboxApiFront(Dispatcher store) {
        this.store = store;
    }

    void servePodsFrom(BiFunction<String, String, Optional<URI>> podUrls) {
        this.pods = podUrls;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m;
        if (request.method() == HttpMethod.GET && (m = PROXY.matcher(request.getPath())).matches()) {
            return proxy(m.group(1), m.group(2), m.group(3) == null ? "/" : m.group(3), m.group(4) == null ? "" : m.group(4));
        }
        if ((m = ROUTES.matcher(request.getPath())).matches()
                && (request.method() == HttpMethod.POST && m.group(2) == null || request.method() == HttpMethod.PUT && m.group(2) != null)) {
            return store.dispatch(admitted(request, m.group(1)));
        }
        return store.dispatch(request);
    }

    /** The Route written with its default host when it has none, and admitted by the router ({@link RouteAdmission}). */
    private RecordedRequest admitted(RecordedRequest request, String namespace) {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
        Route route = json.unmarshal(new String(body, StandardCharsets.UTF_8), Route.class);
        if (route.getSpec() != null && route.getMetadata() != null) {
            if (route.getSpec().getHost() == null || route.getSpec().getHost().isEmpty()) {
                route.getSpec().setHost(route.getMetadata().getName() + "-" + namespace + "." + ROUTER_DOMAIN);
            }
            RouteAdmission.admit(route, Instant.now());
            body = json.asJson(route).getBytes(StandardCharsets.UTF_8);
        }
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(), new Buffer(body));
    }

    private MockResponse proxy(String namespace, String service, String path, String query) {
        Optional<URI> base = pods.apply(namespace, service);
        if (base.isEmpty()) {
            return new MockResponse().setResponseCode(503).setBody("no endpoints available for service \"" + service + "\"");
        }
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base.get() + path + query)).timeout(PROXY_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            MockResponse out = new MockResponse().setResponseCode(r.statusCode()).setBody(r.body());
            r.headers().firstValue(PodResponse.VERSION_HEADER).ifPresent(v -> out.addHeader(PodResponse.VERSION_HEADER, v));
            return out;
        } catch (IOException e) {
            return new MockResponse().setResponseCode(503).setBody("error trying to reach service: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MockResponse().setResponseCode(503).setBody("interrupted");
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }
}
