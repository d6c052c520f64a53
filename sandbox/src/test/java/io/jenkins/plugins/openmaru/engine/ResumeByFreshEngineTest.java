package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Jenkins restart: the engine that started a rollout is gone, and a new one (same identity, new
 * client, nothing in memory) must continue from the cluster alone, at every phase.
 */
class ResumeByFreshEngineTest extends ClusterTestBase {
    private static final AnalysisPolicy POLICY = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(2)
            .inconclusiveLimit(0).consecutiveErrorLimit(1).build();

    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    private RolloutEngine restarted() {
        ScriptedGate pass = new ScriptedGate(clock, () -> { }, Verdict.PASS, Verdict.PASS);
        return new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> pass));
    }

    private void start(CanaryStep... steps) {
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(steps).build(), Actor.of("alice"));
    }

    /** Drives with fresh engines only, one per call, until the rollout ends; returns the candidate weights seen on the Route. */
    private List<Integer> finishWithFreshEngines() {
        List<Integer> weights = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Progress p = restarted().reconcile(app);
            weights.add(p.state().rollout().weight());
            if (p.done()) {
                return weights;
            }
            if (p.next().kind() == Wait.Kind.AVAILABLE) {
                awaitAvailable(client, app, Slot.GREEN);
            } else if (p.next().kind() == Wait.Kind.MANUAL) {
                restarted().resume(app, Actor.of("bob"));
            } else {
                clock.advance(Duration.ofSeconds(10));
            }
        }
        throw new AssertionError("rollout did not finish");
    }

    @Test
    void resumesWhileWaitingForTheCandidateToBecomeAvailable() {
        cluster.deployments().setDelay(app.app(), Duration.ofMillis(400));
        start(CanaryStep.setWeight(30), CanaryStep.pause(Duration.ofSeconds(10)));
        assertThat(engine.status(app).rollout().weight()).isZero();
        assertThat(finishWithFreshEngines()).contains(30);
        assertPromoted();
    }

    @Test
    void resumesInTheMiddleOfATimedPause() {
        start(CanaryStep.setWeight(20), CanaryStep.pause(Duration.ofSeconds(30)), CanaryStep.setWeight(60), CanaryStep.pause(Duration.ofSeconds(10)));
        awaitAvailable(client, app, Slot.GREEN);
        assertThat(engine.reconcile(app).next().kind()).isEqualTo(Wait.Kind.TIME);
        clock.advance(Duration.ofSeconds(10));
        Progress p = restarted().reconcile(app);
        assertThat(p.state().rollout().weight()).as("the pause keeps its original end").isEqualTo(20);
        assertThat(p.next().until()).isEqualTo(p.state().rollout().stepStartedAt().plusSeconds(30));
        assertThat(finishWithFreshEngines()).contains(60);
        assertPromoted();
    }

    @Test
    void resumesAnIndefinitePauseAndIsPromotedByAnotherProcess() {
        start(CanaryStep.setWeight(40), CanaryStep.pause());
        awaitAvailable(client, app, Slot.GREEN);
        assertThat(engine.reconcile(app).state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        Progress p = restarted().reconcile(app);
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.MANUAL);
        assertThat(p.state().rollout().weight()).isEqualTo(40);
        restarted().promote(app, Actor.of("bob"));
        assertPromoted();
    }

    @Test
    void resumesAnAnalysisWithTheMeasurementsAlreadyTaken() {
        RolloutEngine gated = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock)
                .withGates(spec -> new ScriptedGate(clock, () -> { }, Verdict.PASS)));
        gated.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(25), CanaryStep.analysis(POLICY, List.of(GateSpec.readiness()))).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        Progress p = gated.reconcile(app);
        assertThat(p.state().rollout().gateResults()).hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        p = restarted().reconcile(app);
        assertThat(p.done()).as("second measurement by the new engine completes the analysis").isTrue();
        assertThat(p.state().rollout().gateResults()).hasSize(2);
        assertPromoted();
    }

    @Test
    void resumesAColdRollbackWaitingForTheOldSlot() {
        start(CanaryStep.setWeight(50));
        awaitAvailable(client, app, Slot.GREEN);
        engine.reconcile(app);
        clock.advance(RolloutSpec.DEFAULT_SCALE_DOWN_DELAY);
        engine.reconcile(app);
        cluster.deployments().setDelay(app.app(), Duration.ofMillis(300));
        assertThat(engine.rollback(app, null, Actor.of("dave")).next().kind()).isEqualTo(Wait.Kind.AVAILABLE);

        awaitAvailable(client, app, Slot.BLUE);
        Progress p = restarted().reconcile(app);
        assertThat(p.done()).isTrue();
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
    }

    @Test
    void aFinishedRolloutStaysFinished() {
        start(CanaryStep.setWeight(50), CanaryStep.pause());
        awaitAvailable(client, app, Slot.GREEN);
        engine.reconcile(app);
        engine.abort(app, Actor.of("carol"));
        Progress p = restarted().reconcile(app);
        assertThat(p.done()).isTrue();
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
    }

    private void assertPromoted() {
        assertThat(engine.status(app).rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(engine.status(app).activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
    }
}
