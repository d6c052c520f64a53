package io.jenkins.plugins.openmaru.gate;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Shared fixtures for gate tests. */
final class GateTestSupport {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private GateTestSupport() {}

    static GateContext context(URI candidateUrl) {
        return GateContext.builder().namespace("shop-prod").app("shop").stableSlot("blue").candidateSlot("green")
                .candidateImage("registry.example.com/shop:1.4.2").candidateUrl(candidateUrl).stepStartedAt(NOW.minusSeconds(60))
                .build();
    }

    static GateFactory factory(URI prometheus, String token) {
        return new GateFactory(prometheus == null ? GateCredentials.NONE : prometheusAt(prometheus, token), HTTP, CLOCK);
    }

    /** The configured Prometheus of an engine, as Jenkins' cluster configuration or the CLI's options give it. */
    static GateCredentials prometheusAt(URI url, String token) {
        ServiceCredential server = new ServiceCredential(url, token);
        return service -> service.equals("prometheus") ? Optional.of(server) : Optional.empty();
    }

    /** The fields of an application/x-www-form-urlencoded body. */
    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A Prometheus instant-vector answer with one series per value, labelled by {@code slot}. */
    static String vector(String... slotAndValue) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < slotAndValue.length; i += 2) {
            result.append(result.length() == 0 ? "" : ",").append("{\"metric\":{\"slot\":\"").append(slotAndValue[i])
                    .append("\"},\"value\":[1767268800,\"").append(slotAndValue[i + 1]).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    /** A Prometheus range answer: one series with these values, one per second. */
    static String matrix(double... values) {
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            v.append(i == 0 ? "" : ",").append("[").append(1767268800 + i).append(",\"").append(values[i]).append("\"]");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[" + v + "]}]}}";
    }
}
