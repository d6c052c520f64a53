package io.jenkins.plugins.openmaru.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.model.GateParam;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prometheus' HTTP query API (instant and range queries), with the JDK HttpClient. */
final class PrometheusClient {

    /** One time series of a result; an instant query gives one value per series. */
    record Series(Map<String, String> labels, List<Double> values) {}

    /** The query could not be answered: unreachable, timed out, or rejected by Prometheus. */
    static final class PrometheusException extends Exception {
        private static final long serialVersionUID = 1L;

        PrometheusException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final ServiceCredential server;
    private final Duration timeout;

    PrometheusClient(HttpClient http, ServiceCredential server, Duration timeout) {
        this.http = http;
        this.server = server;
        this.timeout = timeout;
    }

    /** The server's URL as evidence may show it (no user info or query). */
    String where() {
        return GateParam.redact(server.url());
    }

    List<Series> instant(String query, Instant at) throws PrometheusException {
        return post("api/v1/query", Map.of("query", query, "time", seconds(at)));
    }

    List<Series> range(String query, Instant start, Instant end, Duration step) throws PrometheusException {
        return post("api/v1/query_range", Map.of(
                "query", query, "start", seconds(start), "end", seconds(end), "step", seconds(step)));
    }

    private List<Series> post(String api, Map<String, String> form) throws PrometheusException {
        String base = server.url().toString();
        URI uri = URI.create(base.endsWith("/") ? base + api : base + "/" + api);
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (server.secret() != null) {
            request.header("Authorization", "Bearer " + server.secret());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + where() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while querying Prometheus at " + where());
        }
        return parse(response.statusCode(), response.body());
    }

    static List<Series> parse(int status, String body) throws PrometheusException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new PrometheusException("HTTP " + status + " from Prometheus with a body that is not JSON");
        }
        if (!"success".equals(root.path("status").asText())) {
            throw new PrometheusException("HTTP " + status + " from Prometheus: " + root.path("errorType").asText("error")
                    + ": " + root.path("error").asText("no message"));
        }
        JsonNode data = root.path("data");
        List<Series> series = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "scalar" -> series.add(new Series(Map.of(), List.of(value(data.path("result")))));
            case "vector" -> data.path("result").forEach(s -> series.add(new Series(labels(s), List.of(value(s.path("value"))))));
            case "matrix" -> data.path("result").forEach(s -> {
                List<Double> values = new ArrayList<>();
                s.path("values").forEach(v -> values.add(value(v)));
                series.add(new Series(labels(s), values));
            });
            default -> throw new PrometheusException("Prometheus answered with a " + data.path("resultType").asText()
                    + " result; a gate needs a number (scalar, vector or matrix)");
        }
        return series;
    }

    private static Map<String, String> labels(JsonNode s) {
        Map<String, String> labels = new LinkedHashMap<>();
        s.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** A {@code [timestamp, "value"]} pair; Prometheus writes infinities as +Inf / -Inf. */
    private static double value(JsonNode pair) {
        String text = pair.path(1).asText();
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String seconds(Instant t) {
        return String.format(Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
