package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateSpecTest {

    @Test
    void parsesEveryCompactForm() {
        assertThat(GateSpec.parse("readiness")).isEqualTo(GateSpec.readiness());
        assertThat(GateSpec.parse("http:/health").params()).isEqualTo(Map.of("path", "/health"));
        assertThat(GateSpec.parse("http:/health:0.95").params()).isEqualTo(Map.of("path", "/health", "minSuccessRatio", "0.95"));
        assertThat(GateSpec.parse("webhook:https://judge.example.com/hook").require("url", URI.class))
                .isEqualTo(URI.create("https://judge.example.com/hook"));
        assertThat(GateSpec.parse("manual").params()).isEmpty();
        assertThat(GateSpec.parse("manual:30m:promote").params()).isEqualTo(Map.of("timeout", "30m", "onTimeout", "promote"));
        assertThat(GateSpec.parse("compare:avg(latency{slot=\"{{slot}}\"})").kind()).isEqualTo("compare");
    }

    @Test
    void prometheusFormSplitsAtTheLastComparison() {
        GateSpec spec = GateSpec.parse("prometheus:sum(rate(x{code=~\"5..\"}[1m])) > 0 < 0.05");
        assertThat(spec.require("query", String.class)).isEqualTo("sum(rate(x{code=~\"5..\"}[1m])) > 0");
        assertThat(spec.require("op", String.class)).isEqualTo("<");
        assertThat(spec.require("threshold", Double.class)).isEqualTo(0.05);
        assertThat(spec.displayName()).isEqualTo("prometheus:sum(rate(x{code=~\"5..\"}[1m])) > 0<0.05");
        assertThat(GateSpec.parse("prometheus:job:errors:ratio5m{app=\"{{app}}\"}>=1e-3").require("threshold", Double.class)).isEqualTo(0.001);
    }

    @Test
    void defaultsApplyAndTypedValuesAreParsed() {
        GateSpec http = GateSpec.http("/health", 0.9);
        assertThat(http.require("requests", Integer.class)).isEqualTo(10);
        assertThat(http.require("timeout", Duration.class)).isEqualTo(Duration.ofSeconds(2));
        assertThat(http.value("maxP95Latency", Duration.class)).isEmpty();
        assertThat(GateSpec.manual(Duration.ofMinutes(30), "promote").require("timeout", Duration.class)).isEqualTo(Duration.ofMinutes(30));
        assertThat(GateSpec.manual().value("timeout", Duration.class)).isEmpty();
        assertThat(new GateSpec("HTTP", Map.of("path", "/", "timeout", "500ms")).kind()).isEqualTo("http");
    }

    @Test
    void badInputNamesTheFieldAndWhatIsAllowed() {
        assertRejected(() -> GateSpec.parse("ping:/x"), "gate.kind", "readiness, http, prometheus, compare, webhook, manual or pipeline");
        assertRejected(() -> GateSpec.parse("pipeline:k6"), "gate.pipeline", "the compact form pipeline");
        assertRejected(() -> GateSpec.parse("http:health"), "gate.http.path", "starting with /");
        // sent through the API server's service proxy, a dot segment would reach other APIs with the cluster's credential
        assertRejected(() -> GateSpec.parse("http:/../../../secrets"), "gate.http.path", "without . or .. segments");
        assertRejected(() -> GateSpec.parse("http:/x/%2E%2e/y"), "gate.http.path", "without . or .. segments");
        assertRejected(() -> GateSpec.parse("http:/health/.."), "gate.http.path", "without . or .. segments");
        assertThat(GateSpec.parse("http:/.well-known/health").params()).containsEntry("path", "/.well-known/health");
        assertRejected(() -> GateSpec.parse("http:/health:1.5"), "gate.http.minSuccessRatio", "a number from 0 to 1");
        assertRejected(() -> new GateSpec("http", Map.of()), "gate.http.path", "is required");
        assertRejected(() -> new GateSpec("http", Map.of("path", "/", "timeout", "2 seconds")), "gate.http.timeout", "500ms, 2s or 1m");
        assertRejected(() -> new GateSpec("http", Map.of("path", "/", "retries", "3")), "gate.http.retries",
                "one of [path, requests, timeout, minSuccessRatio, maxP95Latency, name]");
        assertRejected(() -> GateSpec.parse("prometheus:up"), "gate.prometheus", "QUERY<op>THRESHOLD");
        assertRejected(() -> GateSpec.parse("readiness:3"), "gate.readiness", "the compact form readiness");
        assertRejected(() -> GateSpec.parse("manual:1m:abort:x"), "gate.manual", "the compact form manual[:TIMEOUT[:abort|promote]]");
        assertRejected(() -> GateSpec.prometheus("up", "==", 1), "gate.prometheus.op", "one of <, <=, >, >=");
        assertRejected(() -> GateSpec.prometheus("up{app=\"{{application}}\"}", "<", 1), "gate.prometheus.query", "{{app}}, {{namespace}}, {{slot}}");
        assertRejected(() -> new GateSpec("prometheus", Map.of("query", "up", "op", "<", "threshold", "NaN")), "gate.prometheus.threshold", "finite");
        assertRejected(() -> GateSpec.compare("avg(latency)", "increase", 1.2), "gate.compare.query", "containing {{slot}}");
        assertRejected(() -> GateSpec.compare("avg(x{slot=\"{{slot}}\"})", "up", 1.2), "gate.compare.direction", "increase, decrease, either");
        assertRejected(() -> GateSpec.parse("webhook:ftp://x/y"), "gate.webhook.url", "http(s) URL");
        assertRejected(() -> GateSpec.parse("manual:30m:rollback"), "gate.manual.onTimeout", "one of abort, promote");
        assertRejected(() -> new GateSpec("manual", Map.of("onTimeout", "promote")), "gate.manual.onTimeout", "needs gate.manual.timeout");
        assertRejected(() -> GateSpec.parse("manual:0s"), "gate.manual.timeout", "a duration");
        assertRejected(() -> GateSpec.parse("preset:error-rate"), "gate.preset", "micrometer-success-rate");
    }

    @Test
    void webhookNameHidesSecretsInTheUrl() {
        GateSpec spec = GateSpec.webhook(URI.create("https://bot:s3cret@judge.example.com:8443/hook?token=abc"));
        assertThat(spec.displayName()).isEqualTo("webhook:https://judge.example.com:8443/hook");
    }

    @Test
    void presetsAreDocumentedPrometheusGates() {
        GateSpec success = GateSpec.parse("preset:http-success-rate:0.995");
        assertThat(success.kind()).isEqualTo("prometheus");
        assertThat(success.displayName()).isEqualTo("http-success-rate");
        assertThat(success.require("query", String.class)).isEqualTo(
                "sum(rate(http_requests_total{namespace=\"{{namespace}}\",app=\"{{app}}\",slot=\"{{slot}}\",code!~\"5..\"}[1m]))"
                        + " / sum(rate(http_requests_total{namespace=\"{{namespace}}\",app=\"{{app}}\",slot=\"{{slot}}\"}[1m]))");
        assertThat(success.require("op", String.class)).isEqualTo(">=");
        assertThat(success.require("threshold", Double.class)).isEqualTo(0.995);
        GateSpec latency = GatePreset.MICROMETER_P99_LATENCY.spec(0.25, Duration.ofSeconds(30));
        assertThat(latency.require("query", String.class)).isEqualTo(
                "histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket"
                        + "{namespace=\"{{namespace}}\",app=\"{{app}}\",slot=\"{{slot}}\"}[30s])))");
        assertThat(latency.require("op", String.class)).isEqualTo("<=");
        assertThat(GateSpec.parse("preset:micrometer-success-rate").require("threshold", Double.class)).isEqualTo(0.99);
    }

    private static void assertRejected(Runnable r, String field, String allowed) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(allowed);
    }
}
