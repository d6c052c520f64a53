package io.jenkins.plugins.openmaru.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Waits as long as the API server asks before trying again: a 429 (or 503) with {@code Retry-After}
 * is throttling, and fabric8's own backoff (0.1, 0.2, 0.4 s) would spend its retries within a second
 * and fail a healthy operation. Each wait is capped, and so is their sum per request; a request
 * still throttled after that gets the server's answer. Answers through a service proxy are left alone: they may
 * be the app's own 429 or 503, which the http gate measures as they are.
 */
final class RetryAfterInterceptor implements Interceptor {
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Duration BUDGET = Duration.ofSeconds(30);

    private static final Pattern SERVICE_PROXY = Pattern.compile("/api/v1/namespaces/[^/]+/services/[^/]+/proxy(/.*)?");

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (SERVICE_PROXY.matcher(chain.request().url().encodedPath()).matches()) {
            return chain.proceed(chain.request());
        }
        long waited = 0;
        while (true) {
            Response r = chain.proceed(chain.request());
            long wait = retryAfterMillis(r);
            if (wait < 0 || waited + wait > BUDGET.toMillis()) {
                return r;
            }
            r.close();
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting out Retry-After");
            }
            waited += wait;
        }
    }

    /** How long the answer asks to wait, in milliseconds, or -1 when it is no throttling answer. */
    static long retryAfterMillis(Response r) {
        String header = r.header("Retry-After");
        if ((r.code() != 429 && r.code() != 503) || header == null) {
            return -1;
        }
        try {
            // The delta-seconds form; the rarely used HTTP-date form falls back to fabric8's own backoff.
            return Math.min(MAX_WAIT.toMillis(), Math.max(0, Long.parseLong(header.trim())) * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
