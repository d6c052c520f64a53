package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;

/**
 * The one place clients are built. The HTTP client factory is explicit because the Jenkins
 * kubernetes-client-api plugin ships OkHttp, and ServiceLoader discovery across plugin class
 * loaders is unreliable ({@link ApiHttpClients}). Every client shares one JSON mapping ({@link KubernetesJson}).
 */
public final class ClusterClients {
    /** Every request gets a timeout: a hung API server must not hang a rollout. */
    public static final int REQUEST_TIMEOUT_MS = 30_000;
    public static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * Retries of a request that failed to connect or got a 5xx, instead of fabric8's ten: a page or a
     * command says "unreachable" within a second or so rather than after ~20 s of backoff.
     */
    public static final int REQUEST_RETRIES = 3;

    private ClusterClients() {}

    /**
     * A client for {@code config}. Unless its retries are off ({@code requestRetryBackoffLimit} 0, e.g. to see a
     * candidate's answers as they are), throttled requests wait as long as the API server's {@code Retry-After} says.
     */
    public static KubernetesClient create(Config config) {
        applyTimeouts(config);
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(KubernetesJson.SERIALIZATION)
                .withHttpClientFactory(new ApiHttpClients(config)).build();
    }

    /** The timeouts of every request, where {@code config} sets none. */
    static void applyTimeouts(Config config) {
        if (config.getRequestTimeout() <= 0) {
            config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        }
        if (config.getConnectionTimeout() <= 0) {
            config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        }
    }
}
