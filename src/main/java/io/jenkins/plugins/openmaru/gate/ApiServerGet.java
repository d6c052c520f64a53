package io.jenkins.plugins.openmaru.gate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs a URL on the cluster's API server (a slot's service proxy) through the cluster client, so it carries
 * the client's credentials and trust; a URL anywhere else never gets them. Without retries: a 5xx of the
 * candidate is a measurement to hand over, not a reason to ask again until a 200 comes.
 */
final class ApiServerGet {
    /** Beyond the request's own timeout, how long to wait for the client to report it. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final HttpClient http;

    private ApiServerGet(HttpClient http) {
        this.http = http;
    }

    /** A sender for {@code uri} when it is on {@code client}'s API server. */
    static Optional<ApiServerGet> of(KubernetesClient client, URI uri) {
        if (client == null || !uri.toString().startsWith(client.getMasterUrl().toString().replaceAll("/+$", "") + "/")) {
            return Optional.empty();
        }
        var noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0).build();
        return Optional.of(new ApiServerGet(client.getHttpClient().newBuilder().tag(noRetries).build()));
    }

    /** The status of one GET of {@code uri}; a timeout is an {@link HttpTimeoutException}. */
    int status(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = http.newHttpRequestBuilder().uri(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, byte[].class);
        try {
            return response.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS).code();
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("GET " + uri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedIOException) {
                throw new HttpTimeoutException("GET " + uri);
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }
}
