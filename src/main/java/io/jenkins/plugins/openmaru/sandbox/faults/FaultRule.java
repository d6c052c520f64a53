package io.jenkins.plugins.openmaru.sandbox.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One fault to inject into API requests: which requests it hits (method, a pattern over path and
 * query, which occurrences of the match) and what happens to them. Occurrences count the requests
 * this rule's method and pattern matched, from 1; {@code first} to {@code first + times - 1} are hit.
 *
 * @param method an HTTP method, or {@code *} for any
 * @param path a regular expression that must match the whole path with its query
 * @param first the first matching request that is hit (1 = the first one)
 * @param times how many matching requests in a row are hit; {@link #ALWAYS} for every one from {@code first} on
 * @param fault what happens to a hit request
 */
public record FaultRule(String method, Pattern path, int first, int times, Fault fault) {
    public static final int ALWAYS = Integer.MAX_VALUE;

    /** What a hit request gets instead of (or on top of) the API server's answer. */
    public sealed interface Fault {}

    /** The proxy answers {@code status} itself; the request never reaches the API server. */
    public record Answer(int status, Duration retryAfter) implements Fault {}

    /** The connection is reset before the request is forwarded: nothing was applied. */
    public record ResetBefore() implements Fault {}

    /** The request is forwarded and applied, then the connection is reset before the client sees the answer. */
    public record ResetAfter() implements Fault {}

    /** The connection is accepted and never answered (until the proxy closes). */
    public record BlackHole() implements Fault {}

    /** The request is forwarded {@code delay} late. */
    public record Delay(Duration delay) implements Fault {}

    public FaultRule {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fault, "fault");
        if (first < 1 || times < 1) {
            throw new IllegalArgumentException("first and times start at 1: " + first + ", " + times);
        }
    }

    /** A rule for {@code method} requests whose path and query match {@code pathRegex}, hitting the first one only. */
    public static FaultRule on(String method, String pathRegex, Fault fault) {
        return new FaultRule(method, Pattern.compile(pathRegex), 1, 1, fault);
    }

    /** This rule hitting matching requests number {@code n} to {@code n + count - 1}. */
    public FaultRule occurrences(int n, int count) {
        return new FaultRule(method, path, n, count, fault);
    }

    public FaultRule always() {
        return occurrences(first, ALWAYS);
    }

    public static Fault answer(int status) {
        return new Answer(status, null);
    }

    public static Fault answer(int status, Duration retryAfter) {
        return new Answer(status, retryAfter);
    }

    boolean matches(String requestMethod, String pathAndQuery) {
        return ("*".equals(method) || method.equalsIgnoreCase(requestMethod)) && path.matcher(pathAndQuery).matches();
    }

    /** Whether the {@code occurrence}-th matching request (from 1) is hit. */
    boolean hits(long occurrence) {
        return occurrence >= first && occurrence - first < times;
    }
}
