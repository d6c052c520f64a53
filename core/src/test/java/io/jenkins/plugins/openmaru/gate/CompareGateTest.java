package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.gate.GateTestSupport.context;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.factory;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.form;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.matrix;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.gate.LocalHttpServer.Answer;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompareGateTest {

    private static final String QUERY = "latency_seconds{app=\"{{app}}\",slot=\"{{slot}}\"}";

    private final AtomicReference<double[]> candidate = new AtomicReference<>();
    private final AtomicReference<double[]> stable = new AtomicReference<>();
    private final LocalHttpServer prometheus = new LocalHttpServer(r -> {
        String query = form(r.body()).get("query");
        return Answer.json(200, matrix(query.contains("slot=\"green\"") ? candidate.get() : stable.get()));
    });

    @AfterEach
    void stop() {
        prometheus.close();
    }

    @Test
    void similarSlotsPass() {
        stable.set(series(0.100, 0.010));
        candidate.set(series(0.101, 0.010));
        GateResult r = measure(GateSpec.compare(QUERY, "increase", 1.2));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence()).contains("no significant difference", "20 candidate and 20 stable samples");
        assertThat(form(prometheus.requests.get(0).body()).get("query")).isEqualTo("latency_seconds{app=\"shop\",slot=\"green\"}");
        assertThat(form(prometheus.requests.get(1).body()).get("query")).isEqualTo("latency_seconds{app=\"shop\",slot=\"blue\"}");
    }

    @Test
    void aLargeHarmfulChangeFails() {
        stable.set(series(0.100, 0.010));
        candidate.set(series(0.150, 0.010));
        GateResult r = measure(GateSpec.compare(QUERY, "increase", 1.2));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).contains("candidate significantly higher by at least the effect size", "effect 1.5 ", "effectSize 1.2");
    }

    @Test
    void aSignificantButSmallHarmfulChangeIsMarginal() {
        stable.set(series(0.100, 0.010));
        candidate.set(series(0.110, 0.010));
        GateResult r = measure(GateSpec.compare(QUERY, "increase", 1.2));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.evidence()).contains("marginal: candidate significantly higher but below the effect size");
    }

    @Test
    void directionDecidesWhichChangeIsHarmful() {
        stable.set(series(0.100, 0.010));
        candidate.set(series(0.050, 0.010));
        assertThat(measure(GateSpec.compare(QUERY, "increase", 1.2)).evidence()).contains("significantly lower, a harmless direction");
        assertThat(measure(GateSpec.compare(QUERY, "increase", 1.2)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(measure(GateSpec.compare(QUERY, "decrease", 1.2)).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(measure(GateSpec.compare(QUERY, "either", 1.2)).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void tooFewSamplesOrNoStableSlotAreInconclusive() {
        stable.set(series(0.100, 0.010));
        candidate.set(new double[] {0.5, Double.NaN, 0.5, 0.5});
        GateResult few = measure(GateSpec.compare(QUERY, "increase", 1.2));
        assertThat(few.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(few.evidence()).contains("3 candidate and 20 stable samples, fewer than minSamples 10");

        GateContext firstRelease = GateContext.builder().namespace("shop-prod").app("shop").candidateSlot("green")
                .candidateImage("shop:1").stepStartedAt(GateTestSupport.NOW).build();
        GateResult alone = factory(prometheus.url(), null).apply(GateSpec.compare(QUERY, "increase", 1.2)).evaluate(firstRelease);
        assertThat(alone.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(alone.evidence()).endsWith("no stable slot to compare with");
    }

    @Test
    void minSamplesIsConfigurable() {
        stable.set(new double[] {1, 1, 1});
        candidate.set(new double[] {1, 1, 1});
        GateSpec spec = new GateSpec("compare", Map.of("query", QUERY, "minSamples", "3"));
        assertThat(measure(spec).verdict()).isEqualTo(Verdict.PASS);
    }

    /** Twenty values spread evenly around {@code center}, no two alike. */
    private static double[] series(double center, double spread) {
        return IntStream.range(0, 20).mapToDouble(i -> center - spread + 2 * spread * i / 19.0).toArray();
    }

    private GateResult measure(GateSpec spec) {
        return factory(prometheus.url(), null).apply(spec).evaluate(context(null));
    }
}
