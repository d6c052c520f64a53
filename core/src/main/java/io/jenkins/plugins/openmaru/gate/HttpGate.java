package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * GETs a path on the candidate's URL {@code requests} times (through the cluster client when the URL is the
 * API server's service proxy). PASS when the share of 2xx answers
 * reaches {@code minSuccessRatio} and, if set, the 95th percentile latency is within {@code maxP95Latency}.
 * An unreachable candidate is unhealthy (FAIL), not a failed measurement. An answer the API server gave itself
 * (throttled beyond the request's timeout, or not reachable) is not the app's: a round with one is INCONCLUSIVE.
 */
final class HttpGate implements HealthGate {

    private final String name;
    private final HttpClient http;
    private final Clock clock;
    private final String path;
    private final int requests;
    private final Duration timeout;
    private final double minSuccessRatio;
    private final Optional<Duration> maxP95Latency;

    HttpGate(GateSpec spec, HttpClient http, Clock clock) {
        this.name = spec.displayName();
        this.http = http;
        this.clock = clock;
        this.path = spec.require("path", String.class);
        this.requests = spec.require("requests", Integer.class);
        this.timeout = spec.require("timeout", Duration.class);
        this.minSuccessRatio = spec.require("minSuccessRatio", Double.class);
        this.maxP95Latency = spec.value("maxP95Latency", Duration.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        if (context.candidateUrl() == null) {
            return new GateResult(name, Verdict.ERROR, "no URL for the candidate slot " + context.candidateSlot(), clock.instant());
        }
        String base = context.candidateUrl().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
        Optional<ApiServerGet> viaApiServer = ApiServerGet.of(context.client(), uri);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        int successes = 0;
        int notFromApp = 0;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            String outcome;
            try {
                if (viaApiServer.isPresent()) {
                    ApiServerGet.Answer a = viaApiServer.get().get(uri, timeout);
                    if (a.notFromApp().isPresent()) {
                        notFromApp++;
                        outcome = "not the app's answer: " + a.notFromApp().get();
                    } else {
                        latencies.add(a.millis());
                        outcome = "HTTP " + a.status();
                        successes += a.status() / 100 == 2 ? 1 : 0;
                    }
                } else {
                    int status = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                    outcome = "HTTP " + status;
                    successes += status / 100 == 2 ? 1 : 0;
                }
            } catch (HttpTimeoutException e) {
                outcome = "timeout after " + Evidence.millis(timeout);
            } catch (IOException e) {
                outcome = "no connection";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new GateResult(name, Verdict.ERROR, "interrupted while measuring GET " + uri, clock.instant());
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        double ratio = successes / (double) requests;
        Collections.sort(latencies);
        long p95 = latencies.isEmpty() ? -1 : latencies.get((int) Math.ceil(0.95 * latencies.size()) - 1);
        boolean ratioOk = ratio >= minSuccessRatio;
        boolean latencyOk = maxP95Latency.map(max -> p95 >= 0 && p95 <= max.toMillis()).orElse(true);
        StringBuilder evidence = new StringBuilder("GET " + uri + " x" + requests + ": ");
        outcomes.forEach((k, v) -> evidence.append(v).append(" x ").append(k).append(", "));
        evidence.append("success ratio ").append(Evidence.number(ratio)).append(" (min ").append(Evidence.number(minSuccessRatio)).append(")");
        if (!latencies.isEmpty()) {
            evidence.append("; latency min ").append(latencies.get(0)).append(" ms, p50 ")
                    .append(latencies.get((latencies.size() - 1) / 2)).append(" ms, p95 ").append(p95)
                    .append(" ms, max ").append(latencies.get(latencies.size() - 1)).append(" ms");
        }
        maxP95Latency.ifPresent(max -> evidence.append(" (max p95 ").append(Evidence.millis(max)).append(")"));
        // An answer the proxy gave itself says nothing about the app: such a round decides nothing.
        Verdict verdict = notFromApp > 0 ? Verdict.INCONCLUSIVE : ratioOk && latencyOk ? Verdict.PASS : Verdict.FAIL;
        return new GateResult(name, verdict, evidence.toString(), clock.instant());
    }
}
