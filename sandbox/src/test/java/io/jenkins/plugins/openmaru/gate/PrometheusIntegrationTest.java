package io.jenkins.plugins.openmaru.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.openmaru.model.GatePreset;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The prometheus gate against the real Prometheus server, scraping an exporter whose canary error rate the test sets. */
@Tag("slow")
class PrometheusIntegrationTest {

    /** The http-success-rate preset over a 5 s rate window: about five scrapes. */
    private static final GateSpec SUCCESS_RATE = GatePreset.HTTP_SUCCESS_RATE.spec(0.95, Duration.ofSeconds(5));

    private static SlotExporter exporter;
    private static RealPrometheus prometheus;
    private static GateFactory gates;

    @BeforeAll
    static void start() {
        exporter = new SlotExporter();
        prometheus = new RealPrometheus(exporter.url());
        gates = new GateFactory(GateTestSupport.prometheusAt(prometheus.url(), null), HttpClient.newHttpClient(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        prometheus.close();
        exporter.close();
    }

    @Test
    void healthyCanaryPassesAndA30PercentErrorCanaryFails() {
        HealthGate gate = gates.apply(SUCCESS_RATE);
        AtomicReference<GateResult> last = new AtomicReference<>();
        await("a PASS once Prometheus has scraped twice").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> record(last, gate.evaluate(context())).verdict() == Verdict.PASS);
        assertThat(last.get().evidence()).contains("slot=\"green\"", "healthy when value >= 0.95", "{} = 1 ok");

        exporter.errorRate("green", 0.3);
        await("a FAIL once the errors are scraped").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> record(last, gate.evaluate(context())).verdict() == Verdict.FAIL);
        assertThat(last.get().evidence()).endsWith("breaks the threshold");
        double value = Double.parseDouble(last.get().evidence().replaceAll(".*\\{} = ([0-9.]+) breaks the threshold", "$1"));
        assertThat(value).isBetween(0.69, 0.95);

        // the same errors, judged canary against stable: the stable slot still answers without errors
        HealthGate compare = gates.apply(new GateSpec("compare", Map.of(
                "query", "sum(rate(http_requests_total{app=\"{{app}}\",slot=\"{{slot}}\",code=\"500\"}[5s]))",
                "window", "8s", "step", "1s", "minSamples", "5")));
        await("the comparison fails").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> record(last, compare.evaluate(context())).verdict() == Verdict.FAIL);
        assertThat(last.get().evidence()).contains("candidate significantly higher by at least the effect size", "effect +Inf");
        exporter.errorRate("green", 0.0);
    }

    @Test
    void aMetricThatDoesNotExistIsInconclusive() {
        GateResult r = gates.apply(GateSpec.prometheus("sum(rate(no_such_metric_total{app=\"{{app}}\",slot=\"{{slot}}\"}[5s]))", "<", 1))
                .evaluate(context());
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.evidence()).endsWith("no data: the query returned no series");
    }

    @Test
    void aQueryPrometheusRejectsIsAnError() {
        GateResult r = gates.apply(GateSpec.prometheus("sum(rate(http_requests_total[5s]", "<", 1)).evaluate(context());
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.evidence()).contains("HTTP 400 from Prometheus: bad_data:");
    }

    @Test
    void aMissingPrometheusFailsWithHowToInstallIt() {
        assertThatThrownBy(() -> RealPrometheus.binary("/nonexistent-dir"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install -y prometheus");
    }

    private static GateResult record(AtomicReference<GateResult> last, GateResult r) {
        last.set(r);
        return r;
    }

    private static GateContext context() {
        return GateContext.builder().namespace("shop-prod").app("shop").stableSlot("blue").candidateSlot("green")
                .candidateImage("shop:2").stepStartedAt(Instant.now()).build();
    }
}
