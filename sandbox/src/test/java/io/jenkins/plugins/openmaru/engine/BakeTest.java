package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bake after promotion: the gates keep measuring the new stable; a failure makes the warm previous slot serve again in one write. */
class BakeTest extends ClusterTestBase {
    private static final AnalysisPolicy ONE_PER_MINUTE = AnalysisPolicy.builder().interval(Duration.ofMinutes(1)).count(1)
            .consecutiveErrorLimit(2).build();

    private final AtomicInteger requestsAtMeasurement = new AtomicInteger(-1);

    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    private RolloutEngine gated(Verdict... verdicts) {
        ScriptedGate gate = new ScriptedGate(clock, () -> requestsAtMeasurement.set(cluster.requests().size()), verdicts);
        return new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> gate));
    }

    private Progress promotedCanary(RolloutEngine e, Duration bake) {
        e.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.analysis(ONE_PER_MINUTE, List.of(GateSpec.readiness())), CanaryStep.setWeight(100))
                .bake(bake).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        return e.reconcile(app);
    }

    @Test
    void aFailingBakeRollsBackToTheWarmSlotAndTheRouteIsTheFirstWriteAfterTheMeasurement() {
        RolloutEngine e = gated(Verdict.PASS, Verdict.PASS, Verdict.FAIL);
        Progress p = promotedCanary(e, Duration.ofMinutes(5));

        DeliveryState baking = e.status(app);
        assertThat(baking.rollout().phase()).isEqualTo(RolloutPhase.BAKING);
        assertThat(baking.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(baking.history()).last().extracting(Release::outcome).isEqualTo(ReleaseOutcome.PROMOTED);
        int promoted = baking.history().get(baking.history().size() - 1).revision();
        assertThat(p.done()).isFalse();
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.TIME);
        assertThat(baking.rollout().message()).contains("baking until").contains("5m left").contains("shop-blue stays warm");

        clock.advance(Duration.ofMinutes(1));
        p = e.reconcile(app);
        assertThat(e.status(app).rollout().phase()).as("one passing bake round").isEqualTo(RolloutPhase.BAKING);
        assertThat(e.status(app).rollout().message()).contains("4m left");

        clock.advance(Duration.ofMinutes(1));
        p = e.reconcile(app);

        List<ApiRequest> all = cluster.requests();
        AbortAndRollbackTest.assertFirstWriteIsRouteTo(all.subList(requestsAtMeasurement.get(), all.size()), app, "shop-blue");
        assertThat(p.done()).isTrue();
        DeliveryState s = e.status(app);
        assertThat(s.rollout().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(s.rollout().message()).contains("bake failed");
        assertThat(s.activeSlot()).isEqualTo(Slot.BLUE);
        Release last = s.history().get(s.history().size() - 1);
        assertThat(last.outcome()).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(last.actor()).isEqualTo("bake");
        assertThat(last.image()).isEqualTo("registry/shop:1.0");
        assertThat(last.rolledBackFrom()).isEqualTo(promoted);
        assertThat(last.comment()).contains("FAIL").contains("scripted FAIL for http://shop-green." + app.namespace() + ".svc:8080");
        assertThat(e.leaseHolder(app)).as("lease released").isEmpty();
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).as("baked release kept for inspection").isEqualTo(1);
        assertThat(s.scaleDown().slot()).isEqualTo(Slot.GREEN);
    }

    @Test
    void aPassingBakeEndsPromotedAndTheWarmSlotOutlivesABakeAsLongAsScaleDownDelay() {
        RolloutEngine e = gated(Verdict.PASS);
        Progress p = promotedCanary(e, RolloutSpec.DEFAULT_SCALE_DOWN_DELAY);
        for (int i = 0; i < 10; i++) {
            assertThat(p.done()).as("still baking after %d minutes", i).isFalse();
            clock.advance(Duration.ofMinutes(1));
            p = e.reconcile(app);
        }

        assertThat(p.done()).isTrue();
        DeliveryState s = e.status(app);
        assertThat(s.rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(s.rollout().message()).contains("baked");
        assertThat(s.history()).last().extracting(Release::outcome).isEqualTo(ReleaseOutcome.PROMOTED);
        assertThat(s.rollout().events()).anySatisfy(ev -> assertThat(ev.actor() + " " + ev.action() + " " + ev.detail()).startsWith("bake bake passed"));
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).as("warm until the bake was judged").isEqualTo(1);

        e.reconcile(app);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).as("scaled down once the bake is over").isZero();
    }

    @Test
    void aBlueGreenBakeFailsAfterAPersonPromotesAndRollsBackInOneWrite() {
        RolloutEngine e = gated(Verdict.PASS, Verdict.FAIL);
        e.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .blueGreen(BlueGreenSpec.defaults().withGates(ONE_PER_MINUTE, List.of(GateSpec.readiness())))
                .bake(Duration.ofMinutes(3)).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        assertThat(e.reconcile(app).next().kind()).isEqualTo(Wait.Kind.MANUAL);
        Progress p = e.promote(app, new Actor("bob", "looks good"));
        assertThat(e.status(app).rollout().phase()).isEqualTo(RolloutPhase.BAKING);

        clock.advance(Duration.ofMinutes(1));
        p = e.reconcile(app);

        List<ApiRequest> all = cluster.requests();
        AbortAndRollbackTest.assertFirstWriteIsRouteTo(all.subList(requestsAtMeasurement.get(), all.size()), app, "shop-blue");
        assertThat(p.done()).isTrue();
        assertThat(e.status(app).history()).last().extracting(Release::outcome, Release::actor)
                .containsExactly(ReleaseOutcome.ROLLED_BACK, "bake");
    }

    @Test
    void anAbortDuringTheBakeRollsBackInThePersonsNameAndAPromoteEndsTheBake() {
        RolloutEngine e = gated(Verdict.PASS);
        promotedCanary(e, Duration.ofMinutes(5));
        cluster.clearRequests();
        e.abort(app, new Actor("carol", "customers complain"));
        AbortAndRollbackTest.assertFirstWriteIsRouteTo(cluster.requests(), app, "shop-blue");
        assertThat(e.status(app).history()).last().extracting(Release::outcome, Release::actor, Release::comment)
                .containsExactly(ReleaseOutcome.ROLLED_BACK, "carol", "customers complain");

        e.rollback(app, null, Actor.of("dave"));
        awaitAvailable(client, app, Slot.GREEN);
        RolloutEngine again = gated(Verdict.PASS);
        again.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:3.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.analysis(ONE_PER_MINUTE, List.of(GateSpec.readiness())))
                .bake(Duration.ofMinutes(5)).build(), Actor.of("alice"));
        Slot candidate = again.status(app).rollout().candidateSlot();
        awaitAvailable(client, app, candidate);
        again.reconcile(app);
        assertThat(again.status(app).rollout().phase()).isEqualTo(RolloutPhase.BAKING);
        Progress p = again.promote(app, Actor.of("erin"));
        assertThat(p.done()).isTrue();
        assertThat(again.status(app).rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(again.status(app).history()).last().extracting(Release::image, Release::outcome)
                .containsExactly("registry/shop:3.0", ReleaseOutcome.PROMOTED);
    }
}
