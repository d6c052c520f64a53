package io.jenkins.plugins.openmaru.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a read-only command shows ({@code openmaru status}, {@code history}): the app's state, the Route's host and who
 * drives the app, read with plain GETs over the HTTP client {@link ClusterClients} would give a KubernetesClient, without
 * building one. fabric8 builds a client by registering some sixty API groups and resource handlers, and reads typed
 * objects through Jackson readers it builds per kind; in a fresh JVM that was a fifth of {@code status}'s CPU
 * (docs/performance.md). The answers are the client's own: the same interceptors (token, impersonation), retries and
 * timeouts, and the exceptions fabric8's operations throw for a refusal or an unreachable server. The document is
 * {@link StatusDocument#of}, as the engine's own reads build it ({@link StatusDocument#read}).
 */
public final class StatusReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String masterUrl;
    private final long timeoutMillis;

    public StatusReader(Config config) {
        ClusterClients.applyTimeouts(config);
        this.http = new ApiHttpClients(config).newBuilder(config).build();
        this.masterUrl = config.getMasterUrl();
        this.timeoutMillis = config.getRequestTimeout();
    }

    /** The app's state as the cluster holds it ({@link RolloutEngine#status}); empty when it holds none. */
    public DeliveryState state(AppRef app) {
        JsonNode cm = get(app, "api/v1", "configmaps", StateStore.name(app));
        return cm == null ? DeliveryState.EMPTY : StateCodec.decode(data(cm));
    }

    /** A ConfigMap's {@code data}, null when it has none (as fabric8's {@code getData()}). */
    private static Map<String, String> data(JsonNode cm) {
        JsonNode data = cm.get("data");
        if (data == null || !data.isObject()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        data.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().textValue()));
        return m;
    }

    /** The status document of {@code app} in {@code state}, with the Route's host and the lease holder read now. */
    public Map<String, Object> document(AppRef app, DeliveryState state) {
        return StatusDocument.of(app, state, host(app), driver(app));
    }

    /** As {@link StatusDocument#read}: no host when the Route cannot be read (none, Gateway API routing, not allowed). */
    private String host(AppRef app) {
        try {
            JsonNode route = get(app, "apis/route.openshift.io/v1", "routes", app.app());
            return route == null ? null : route.path("spec").path("host").textValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String driver(AppRef app) {
        JsonNode lease = get(app, "apis/coordination.k8s.io/v1", "leases", AppLease.name(app));
        String holder = lease == null ? null : lease.path("spec").path("holderIdentity").textValue();
        return AppLease.isFree(holder) ? null : holder;
    }

    /** The object, or null when the API server has none (404, as fabric8's {@code get()}). */
    private JsonNode get(AppRef app, String groupVersion, String plural, String name) {
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(URLUtils.join(masterUrl, groupVersion, "namespaces", app.namespace(), plural, name))
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS).build();
        HttpResponse<byte[]> response;
        try {
            response = http.sendAsync(request, byte[].class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OperationSupport.requestException(request, (Exception) new InterruptedIOException().initCause(e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof KubernetesClientException k ? k
                    : OperationSupport.requestException(request, cause instanceof Exception x ? x : new IOException(cause));
        }
        if (response.code() == 404) {
            return null;
        }
        if (!response.isSuccessful()) {
            throw OperationSupport.requestFailure(request, OperationSupport.createStatus(response, KubernetesJson.SERIALIZATION));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw OperationSupport.requestException(request, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
