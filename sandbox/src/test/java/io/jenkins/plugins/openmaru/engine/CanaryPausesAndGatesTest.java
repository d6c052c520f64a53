package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.DeploymentController;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CanaryPausesAndGatesTest extends ClusterTestBase {
    private static final AnalysisPolicy TWO_ROUNDS = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(2)
            .inconclusiveLimit(0).consecutiveErrorLimit(1).build();

    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    private RolloutEngine gated(Verdict... verdicts) {
        ScriptedGate gate = new ScriptedGate(clock, () -> { }, verdicts);
        return new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> gate));
    }

    private Progress start(RolloutEngine e, CanaryStep... steps) {
        e.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(steps).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        return e.reconcile(app);
    }

    @Test
    void anIndefinitePauseHoldsTheWeightUntilPromoted() {
        Progress p = start(engine, CanaryStep.setWeight(30), CanaryStep.pause(), CanaryStep.setWeight(60), CanaryStep.pause());
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.MANUAL);
        assertThat(p.next().until()).as("only the lease renewal is timed").isNotNull();
        clock.advance(Duration.ofDays(2));
        p = engine.reconcile(app);
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(p.state().rollout().weight()).isEqualTo(30);
        assertThat(route(client, app).getSpec().getAlternateBackends().get(0).getWeight()).isEqualTo(30);

        p = engine.promote(app, new Actor("bob", "dashboards green"));
        assertThat(p.done()).isTrue();
        assertThat(p.state().history()).last().extracting("outcome", "actor", "comment")
                .containsExactly(ReleaseOutcome.PROMOTED, "bob", "dashboards green");
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
    }

    @Test
    void resumeTakesTheRolloutPastAnIndefinitePause() {
        start(engine, CanaryStep.setWeight(30), CanaryStep.pause(), CanaryStep.setWeight(60), CanaryStep.pause());
        Progress p = engine.resume(app, Actor.of("bob"));
        assertThat(p.state().rollout().weight()).isEqualTo(60);
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(p.state().rollout().events()).anyMatch(e -> e.action().equals("resume") && e.actor().equals("bob"));
    }

    @Test
    void aManualPauseStopsATimedStepUntilResumed() {
        start(engine, CanaryStep.setWeight(30), CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(60), CanaryStep.pause());
        engine.pause(app, new Actor("carol", "investigating"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(engine.reconcile(app).state().rollout().weight()).as("paused: the timed pause does not end").isEqualTo(30);
        Progress p = engine.resume(app, Actor.of("carol"));
        assertThat(p.state().rollout().weight()).isEqualTo(60);
    }

    @Test
    void anInconclusiveAnalysisPausesForAPersonAndResumeAcceptsIt() {
        RolloutEngine e = gated(Verdict.INCONCLUSIVE);
        Progress p = start(e, CanaryStep.setWeight(20), CanaryStep.analysis(TWO_ROUNDS, List.of(GateSpec.readiness())), CanaryStep.setWeight(50),
                CanaryStep.pause());
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(p.state().rollout().message()).contains("inconclusive");
        assertThat(p.state().rollout().weight()).as("traffic stays where it was").isEqualTo(20);

        p = e.resume(app, Actor.of("bob"));
        assertThat(p.state().rollout().weight()).isEqualTo(50);
    }

    @Test
    void anAnalysisThatPassesMovesOnAfterItsCount() {
        RolloutEngine e = gated(Verdict.PASS, Verdict.PASS);
        Progress p = start(e, CanaryStep.setWeight(20), CanaryStep.analysis(TWO_ROUNDS, List.of(GateSpec.readiness())), CanaryStep.setWeight(50),
                CanaryStep.pause());
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.TIME);
        assertThat(p.next().until()).isEqualTo(clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        p = e.reconcile(app);
        assertThat(p.state().rollout().weight()).isEqualTo(50);
        assertThat(p.state().rollout().gateResults()).extracting(r -> r.result().verdict()).containsExactly(Verdict.PASS, Verdict.PASS);
    }

    @Test
    void aManualGateWithTimeoutAppliesOnTimeout() {
        Progress p = start(engine, CanaryStep.setWeight(20),
                CanaryStep.analysis(AnalysisPolicy.DEFAULT, List.of(GateSpec.manual(Duration.ofMinutes(30), "promote"))));
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(p.next().until()).isBeforeOrEqualTo(p.state().rollout().stepStartedAt().plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(31));
        p = engine.reconcile(app);
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(p.state().rollout().events()).anyMatch(e -> e.comment().contains("onTimeout: promote"));
    }

    @Test
    void aCandidateThatNeverBecomesAvailableIsAbortedAtTheProgressDeadline() {
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .env(Map.of(DeploymentController.FAIL_READINESS_ENV, "true"))
                .progressDeadline(Duration.ofMinutes(5))
                .canary(CanaryStep.setWeight(20), CanaryStep.pause()).build(), Actor.of("alice"));
        Progress p = engine.reconcile(app);
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        java.time.Instant deadline = p.state().rollout().startedAt().plus(Duration.ofMinutes(5));
        assertThat(p.next().until()).as("reconciled by the deadline at the latest").isBeforeOrEqualTo(deadline);
        assertThat(p.state().rollout().message()).contains("deadline " + deadline);
        clock.advance(Duration.ofMinutes(5));
        p = engine.reconcile(app);
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(p.state().rollout().message()).contains("progressDeadline");
        assertThat(route(client, app).getSpec().getAlternateBackends()).isEmpty();
    }

    @Test
    void operationsOnAnUnknownAppNameTheApp() {
        AppRef unknown = new AppRef(app.namespace(), "nosuchapp");
        assertThatThrownBy(() -> engine.promote(unknown, Actor.of("bob"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("app: nosuchapp").hasMessageContaining("nosuchapp-delivery");
        assertThatThrownBy(() -> engine.rollback(unknown, null, Actor.of("bob"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void promotingWithNoRolloutInProgressSaysSo() {
        assertThatThrownBy(() -> engine.promote(app, Actor.of("bob"))).isInstanceOf(EngineException.class)
                .hasMessageContaining("no rollout of " + app + " is in progress");
    }

    @Test
    void startingADifferentRolloutWhileOneIsInProgressIsRefusedButTheSameOneContinues() {
        start(engine, CanaryStep.setWeight(30), CanaryStep.pause());
        assertThatThrownBy(() -> engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:3.0")
                .canary(CanaryStep.setWeight(10)).build(), Actor.of("eve")))
                .isInstanceOf(EngineException.class).hasMessageContaining("promote or abort it first");
        Progress p = engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(30), CanaryStep.pause()).build(), Actor.of("alice"));
        assertThat(p.state().rollout().weight()).as("continued, not restarted").isEqualTo(30);
    }
}
