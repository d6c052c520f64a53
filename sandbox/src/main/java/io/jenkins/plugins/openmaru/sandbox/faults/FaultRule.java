package io.jenkins.plugins.openmaru.sandbox.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One fault to inject into API requests: which requests it hits (method, a pattern over path and
 * query, which occurrences of the match) and what happens to them. Occurrences count the requests
 * this rule's method and pattern matched, from 1; from {@code first} on, every {@code every}-th one is a
 * candidate, {@code times} candidates at most, and each candidate is hit with {@code probability}
 * (drawn by {@link FaultRules} from its seed, so a run can be repeated).
 *
 * @param method an HTTP method, or {@code *} for any
 * @param path a regular expression that must match the whole path with its query
 * @param first the first matching request that is hit (1 = the first one)
 * @param times how many candidates are hit; {@link #ALWAYS} for every one from {@code first} on
 * @param every the step between candidates (1 = each matching request)
 * @param probability the chance that a candidate is hit, in (0, 1]
 * @param fault what happens to a hit request
 */
public record FaultRule(String method, Pattern path, int first, int times, int every, double probability, Fault fault) {
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

    /**
     * The request is forwarded once {@code release} completes (however it completes): a test acts while a client's
     * request is on its way, however long that takes. Programmatic only, as a rules file cannot complete it.
     */
    public record Hold(CompletableFuture<?> release) implements Fault {}

    /** A watch is answered {@code 410 Gone}, as when its resource version is too old: the client must list again. */
    public record Gone() implements Fault {}

    /** A watch is forwarded, and its stream is cut {@code after} it was opened. */
    public record CutWatch(Duration after) implements Fault {}

    /**
     * From this request on, the whole API is black-holed for {@code duration}: every connection is held
     * unanswered until then and reset; afterwards requests pass again.
     */
    public record Outage(Duration duration) implements Fault {}

    public FaultRule {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fault, "fault");
        if (first < 1 || times < 1 || every < 1) {
            throw new IllegalArgumentException("first, times and every start at 1: " + first + ", " + times + ", " + every);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability is in (0, 1]: " + probability);
        }
    }

    /** A rule for {@code method} requests whose path and query match {@code pathRegex}, hitting the first one only. */
    public static FaultRule on(String method, String pathRegex, Fault fault) {
        return new FaultRule(method, Pattern.compile(pathRegex), 1, 1, 1, 1.0, fault);
    }

    /** This rule hitting matching requests number {@code n} to {@code n + count - 1}. */
    public FaultRule occurrences(int n, int count) {
        return new FaultRule(method, path, n, count, every, probability, fault);
    }

    /** This rule hitting every {@code k}-th matching request from {@code first} on. */
    public FaultRule every(int k) {
        return new FaultRule(method, path, first, times, k, probability, fault);
    }

    /** This rule hitting each candidate with {@code p}. */
    public FaultRule withProbability(double p) {
        return new FaultRule(method, path, first, times, every, p, fault);
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

    /** Whether the request is one this rule counts; {@link Gone} and {@link CutWatch} only count watches. */
    boolean matches(String requestMethod, String pathAndQuery) {
        boolean watchOnly = fault instanceof Gone || fault instanceof CutWatch;
        return ("*".equals(method) || method.equalsIgnoreCase(requestMethod)) && path.matcher(pathAndQuery).matches()
                && (!watchOnly || WATCH.matcher(pathAndQuery).find());
    }

    /** Whether the {@code occurrence}-th matching request (from 1) is a candidate to hit. */
    boolean candidate(long occurrence) {
        long since = occurrence - first;
        return since >= 0 && since % every == 0 && since / every < times;
    }

    private static final Pattern WATCH = Pattern.compile("[?&]watch=(true|1)(&|$)");
}
