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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs a URL on the cluster's API server (a slot's service proxy) through the cluster client, so it carries
 * the client's credentials and trust; a URL anywhere else never gets them. Without retries: a 5xx of the
 * candidate is a measurement to hand over, not a reason to ask again until a 200 comes. Only the API server's
 * own throttling is waited out, as its {@code Retry-After} asks and within the request's timeout; an answer the
 * API server gave itself (still throttled, or not reachable at all) is marked as not the app's.
 */
final class ApiServerGet {
    /** Beyond the request's own timeout, how long to wait for the client to report it. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final HttpClient http;

    private ApiServerGet(HttpClient http) {
        this.http = http;
    }

    /**
     * One answer through the service proxy.
     *
     * @param status the HTTP status, meaningful only when {@code notFromApp} is empty
     * @param millis how long the answer took, from the last request sent
     * @param notFromApp why the API server answered itself instead of the app, when it did
     */
    record Answer(int status, long millis, Optional<String> notFromApp) {
        static Answer notFromApp(String why) {
            return new Answer(-1, -1, Optional.of(why));
        }
    }

    /** A sender for {@code uri} when it is on {@code client}'s API server. */
    static Optional<ApiServerGet> of(KubernetesClient client, URI uri) {
        if (client == null || !uri.toString().startsWith(client.getMasterUrl().toString().replaceAll("/+$", "") + "/")) {
            return Optional.empty();
        }
        var noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0).build();
        return Optional.of(new ApiServerGet(client.getHttpClient().newBuilder().tag(noRetries).build()));
    }

    /** One GET of {@code uri} within {@code timeout}; a timeout is an {@link HttpTimeoutException}. */
    Answer get(URI uri, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r;
            try {
                r = send(uri, Duration.ofNanos(Math.max(1_000_000, deadline - start)));
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return Answer.notFromApp("the API server could not be reached");
            }
            if (!throttledByApiServer(r)) {
                return new Answer(r.code(), (System.nanoTime() - start) / 1_000_000, Optional.empty());
            }
            long wait = retryAfterMillis(r);
            if (wait < 0 || System.nanoTime() + wait * 1_000_000 >= deadline) {
                return Answer.notFromApp("the API server answered 429 (throttling)");
            }
            Thread.sleep(wait);
        }
    }

    private HttpResponse<byte[]> send(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = http.newHttpRequestBuilder().uri(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, byte[].class);
        try {
            return response.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
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

    /** The API server's own 429 is a Status object; the app's answers pass the service proxy as they are. */
    private static boolean throttledByApiServer(HttpResponse<byte[]> r) {
        return r.code() == 429 && r.body() != null && new String(r.body(), StandardCharsets.UTF_8).contains("\"kind\":\"Status\"");
    }

    /** The delta-seconds {@code Retry-After}, in milliseconds, or -1 when there is none. */
    private static long retryAfterMillis(HttpResponse<byte[]> r) {
        try {
            return Math.max(0, Long.parseLong(r.header("Retry-After").trim())) * 1000;
        } catch (RuntimeException none) {
            return -1;
        }
    }
}
