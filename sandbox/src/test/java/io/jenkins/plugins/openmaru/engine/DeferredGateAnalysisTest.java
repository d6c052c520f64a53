package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.openmaru.gate.DeferredGate;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A gate whose measurement ends later (the Jenkins block): the engine waits for it without re-measuring the others. */
class DeferredGateAnalysisTest extends ClusterTestBase {
    private static final AnalysisPolicy ONE_ROUND = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(1).failureLimit(0).inconclusiveLimit(0).consecutiveErrorLimit(1)
            .onInconclusive(AnalysisPolicy.OnInconclusive.PAUSE).build();
    private static final GateSpec PIPELINE = new GateSpec("pipeline", Map.of());

    /** Records what it was asked to start; a test ends a round with {@link #end}. */
    final class ScriptedDeferred implements DeferredGate {
        final List<Round> started = new ArrayList<>();
        final Map<Round, GateResult> ended = new HashMap<>();

        @Override
        public String name() {
            return "pipeline";
        }

        @Override
        public GateResult evaluate(GateContext context) {
            throw new AssertionError("a deferred gate is polled, not evaluated, at analysis steps");
        }

        @Override
        public synchronized Optional<GateResult> poll(GateContext context, Round round) {
            if (!started.contains(round)) {
                started.add(round);
            }
            return Optional.ofNullable(ended.get(round));
        }

        synchronized void end(Round round, Verdict v) {
            ended.put(round, new GateResult("pipeline", v, "scripted " + v, clock.instant()));
        }
    }

    ScriptedDeferred deferred;
    AtomicInteger readinessMeasurements;
    RolloutEngine gated;

    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        deferred = new ScriptedDeferred();
        readinessMeasurements = new AtomicInteger();
        ScriptedGate readiness = new ScriptedGate(clock, readinessMeasurements::incrementAndGet, Verdict.PASS, Verdict.PASS);
        gated = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock)
                .withGates(spec -> spec.gateKind() == GateKind.PIPELINE ? deferred : readiness));
    }

    private Progress start(RolloutEngine e) {
        e.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.analysis(ONE_ROUND, List.of(GateSpec.readiness(), PIPELINE)), CanaryStep.setWeight(50),
                        CanaryStep.pause()).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        return e.reconcile(app);
    }

    @Test
    void theRoundStaysOpenUntilTheDeferredGateEndsAndTheOtherGatesAreNotMeasuredAgain() {
        Progress p = start(gated);
        assertThat(deferred.started).containsExactly(new DeferredGate.Round(p.state().rollout().revision(), 1, 0, 20));
        assertThat(readinessMeasurements).hasValue(1);
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.TIME);
        assertThat(p.next().until()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(p.state().rollout().message()).contains("waiting for pipeline to end");

        clock.advance(Duration.ofMinutes(5));
        p = gated.reconcile(app);
        assertThat(p.state().rollout().weight()).as("no decision without the block's result").isEqualTo(20);
        assertThat(readinessMeasurements).as("the round's other gates measured once").hasValue(1);
        assertThat(deferred.started).as("asked again for the same round: not started twice").hasSize(1);

        deferred.end(deferred.started.get(0), Verdict.PASS);
        p = gated.reconcile(app);
        assertThat(p.state().rollout().weight()).isEqualTo(50);
        assertThat(p.state().rollout().gateResults()).extracting(r -> r.result().gate(), r -> r.result().verdict())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("readiness", Verdict.PASS), org.assertj.core.groups.Tuple.tuple("pipeline", Verdict.PASS));
    }

    @Test
    void aFailedDeferredMeasurementAbortsLikeAnyGate() {
        Progress p = start(gated);
        deferred.end(deferred.started.get(0), Verdict.FAIL);
        p = gated.reconcile(app);
        assertThat(p.done()).isTrue();
        assertThat(p.state().rollout().message()).contains("gate pipeline: 1 FAIL measurement(s), failureLimit is 0");
    }

    @Test
    void anEngineWithoutTheBlockRefusesAPipelineGateAtStartAndRecordsAnErrorWhenItDrives() {
        RolloutEngine cli = new RolloutEngine(cluster.newClient(), EngineConfig.of("cli").withClock(clock).withGates(new GateFactory(null)));
        assertThatThrownBy(() -> cli.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.analysis(ONE_ROUND, List.of(PIPELINE))).build(), Actor.of("alice")))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("steps[1].analysis.gates[0].pipeline: a pipeline gate is the block of openmaruCanary or openmaruBlueGreen");

        start(gated);
        RolloutEngine takeover = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(new GateFactory(null)));
        Progress p = takeover.reconcile(app);
        assertThat(p.state().rollout().gateResults()).extracting(r -> r.result().gate(), r -> r.result().verdict())
                .contains(org.assertj.core.groups.Tuple.tuple("pipeline", Verdict.ERROR));
        assertThat(p.state().rollout().gateResults().get(p.state().rollout().gateResults().size() - 1).result().evidence())
                .contains("only the Jenkins build that started the rollout runs it");
    }
}
