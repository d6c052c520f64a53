package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.AbortException;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** openmaruCanary with {@code bake}: the step returns only after the bake, and fails when the bake rolls back. */
class BakeStepTest extends SimulatedClusterTest {
    private static final String GATE = "prometheus:sum(rate(http_errors_total{app=\"{{app}}\"}[1m]))<0.05";

    FakePrometheus prometheus;

    @BeforeEach
    void setUp() throws Exception {
        prometheus = new FakePrometheus("0.01");
        f = new DeliveryFixture(cluster, sim -> sim.setPrometheusUrl(prometheus.url()), (id, run) -> null);
        f.firstRelease("registry/shop:1.0");
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.close();
    }

    private static CanaryRolloutStep baked(Object bake) {
        CanaryRolloutStep s = canary("registry/shop:2.0", List.of(Map.of("weight", 20),
                Map.of("analysis", Map.of("gates", List.of(GATE), "interval", "200ms", "count", 1))));
        s.setBake(bake);
        return s;
    }

    @Test
    void aGateFailingDuringTheBakeRollsBackToTheWarmSlotAndFailsTheStep() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-deploy", 2), new BuildLog());
        start(baked("1m"), c);
        await().atMost(TIMEOUT).until(() -> f.state().rollout().phase() == RolloutPhase.BAKING);
        assertThat(f.routeTarget()).as("promoted before the bake").isEqualTo("shop-green");
        assertThat(c.isDone()).as("the step waits for the bake").isFalse();

        prometheus.value.set("0.7");
        Throwable failure = c.awaitFailure(TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageContaining("ended ROLLED_BACK").hasMessageContaining("bake failed");
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        Release last = f.state().history().get(f.state().history().size() - 1);
        assertThat(last.outcome()).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(last.actor()).isEqualTo("bake");
        assertThat(last.image()).isEqualTo("registry/shop:1.0");
        assertThat(last.comment()).contains("http_errors_total").contains("0.7");

        TestStepContext status = context(new FakeBuild("shop-status", 4), new BuildLog());
        start(new StatusStep("shop"), status);
        @SuppressWarnings("unchecked")
        Map<String, Object> week = ((List<Map<String, Object>>) ((Map<String, Object>) status.awaitSuccess(TIMEOUT)).get("dora")).get(0);
        assertThat(week).containsEntry("days", 7L).containsEntry("deployments", 2).containsEntry("failedDeployments", 1)
                .containsEntry("changeFailureRate", 0.5).containsEntry("restores", 1).containsEntry("drills", 0)
                .containsEntry("deploymentsWithoutCommitTime", 2).containsEntry("medianLeadTimeMs", null);
        Release promoted = f.state().release(last.rolledBackFrom()).orElseThrow();
        assertThat(week.get("medianTimeToRestoreMs")).isEqualTo(java.time.Duration.between(promoted.at(), last.at()).toMillis());
    }

    @Test
    void aPassingBakeEndsTheStepAfterTheBakeWithThePromotedRelease() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-deploy", 3), new BuildLog());
        start(baked(2), c);
        await().atMost(TIMEOUT).until(() -> f.state().rollout().phase() == RolloutPhase.BAKING);
        assertThat(c.isDone()).isFalse();

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) c.awaitSuccess(TIMEOUT);

        assertThat(result).containsEntry("servingImage", "registry/shop:2.0");
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(f.state().rollout().events()).anySatisfy(ev -> assertThat(ev.detail()).startsWith("passed"));
    }
}
