package io.jenkins.plugins.openmaru.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.openmaru.model.GateParam;
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
import java.time.Instant;

/**
 * POSTs a JSON description of the rollout to a URL and lets the answer decide: 2xx PASS,
 * 4xx FAIL, 5xx or no answer in time INCONCLUSIVE (the judge could not decide), no connection
 * or any other status ERROR (the measurement itself failed).
 */
final class WebhookGate implements HealthGate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_EVIDENCE = 300;

    private final String name;
    private final HttpClient http;
    private final Clock clock;
    private final URI url;
    private final Duration timeout;

    WebhookGate(GateSpec spec, HttpClient http, Clock clock) {
        this.name = spec.displayName();
        this.http = http;
        this.clock = clock;
        this.url = spec.require("url", URI.class);
        this.timeout = spec.require("timeout", Duration.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        Instant now = clock.instant();
        String what = "POST " + GateParam.redact(url);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(payload(context, now)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new GateResult(name, Verdict.INCONCLUSIVE, what + ": no answer within " + Evidence.millis(timeout), clock.instant());
        } catch (IOException e) {
            return new GateResult(name, Verdict.ERROR, what + ": no connection (" + e.getClass().getSimpleName() + ")", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GateResult(name, Verdict.ERROR, what + ": interrupted", clock.instant());
        }
        int status = response.statusCode();
        Verdict verdict = switch (status / 100) {
            case 2 -> Verdict.PASS;
            case 4 -> Verdict.FAIL;
            case 5 -> Verdict.INCONCLUSIVE;
            default -> Verdict.ERROR;
        };
        String body = response.body().strip();
        if (body.length() > MAX_BODY_IN_EVIDENCE) {
            body = body.substring(0, MAX_BODY_IN_EVIDENCE) + "...";
        }
        return new GateResult(name, verdict, what + ": HTTP " + status + (body.isEmpty() ? "" : ", answer: " + body), clock.instant());
    }

    private String payload(GateContext context, Instant now) {
        ObjectNode json = JSON.createObjectNode()
                .put("gate", name)
                .put("app", context.app())
                .put("namespace", context.namespace())
                .put("stableSlot", context.stableSlot())
                .put("candidateSlot", context.candidateSlot())
                .put("candidateImage", context.candidateImage())
                .put("stepStartedAt", context.stepStartedAt().toString())
                .put("at", now.toString());
        return json.toString();
    }
}
