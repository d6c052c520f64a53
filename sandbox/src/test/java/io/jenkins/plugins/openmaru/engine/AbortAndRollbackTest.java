package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AbortAndRollbackTest extends ClusterTestBase {
    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    private Progress startCanary(RolloutEngine e, String image, CanaryStep... steps) {
        e.start(RolloutSpec.builder(app.namespace(), app.app(), image).canary(steps).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        return e.reconcile(app);
    }

    /** The first mutating request in {@code requests} must be the Route update putting 100 % on {@code service}. */
    static void assertFirstWriteIsRouteTo(List<ApiRequest> requests, AppRef app, String service) {
        ApiRequest first = requests.stream().filter(ApiRequest::mutating).findFirst().orElseThrow();
        assertThat(first.method()).isEqualTo("PUT");
        assertThat(first.resourcePath()).isEqualTo("/apis/route.openshift.io/v1/namespaces/" + app.namespace() + "/routes/" + app.app());
        Route written = Serialization.unmarshal(first.body(), Route.class);
        assertThat(written.getSpec().getTo().getName()).isEqualTo(service);
        assertThat(written.getSpec().getTo().getWeight()).isEqualTo(100);
        assertThat(written.getSpec().getAlternateBackends()).isEmpty();
    }

    @ParameterizedTest(name = "abort after step {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void abortAtEachStepPutsAllTrafficOnStableWithOneWriteAndKeepsTheCandidate(int pausesPassed) {
        Progress p = startCanary(engine, "registry/shop:2.0", CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofMinutes(1)),
                CanaryStep.setWeight(25), CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(50), CanaryStep.pause());
        for (int i = 0; i < pausesPassed && !p.done(); i++) {
            clock.advance(Duration.ofMinutes(1));
            p = engine.reconcile(app);
        }
        cluster.clearRequests();
        Progress aborted = engine.abort(app, new Actor("carol", "error budget burnt"));

        assertFirstWriteIsRouteTo(cluster.requests(), app, "shop-blue");
        assertThat(aborted.done()).isTrue();
        DeliveryState s = engine.status(app);
        assertThat(s.rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(s.activeSlot()).isEqualTo(Slot.BLUE);
        assertThat(s.history()).last().extracting(Release::outcome, Release::actor, Release::comment)
                .containsExactly(ReleaseOutcome.ABORTED, "carol", "error budget burnt");
        assertThat(route(client, app).getMetadata().getAnnotations()).doesNotContainKey("haproxy.router.openshift.io/disable_cookies");
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).as("candidate kept for inspection").isEqualTo(1);

        clock.advance(RolloutSpec.DEFAULT_ABORT_SCALE_DOWN_DELAY);
        engine.reconcile(app);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).as("scaled down after abortScaleDownDelay").isZero();
        assertThat(slot(client, app, Slot.GREEN)).as("kept, not deleted").isNotNull();
    }

    @Test
    void aFailedAnalysisAbortsAndItsFirstWriteIsTheRoute() {
        AtomicInteger requestsAtDecision = new AtomicInteger(-1);
        ScriptedGate gate = new ScriptedGate(clock, () -> requestsAtDecision.set(cluster.requests().size()), Verdict.PASS, Verdict.FAIL);
        RolloutEngine gated = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> gate));
        AnalysisPolicy policy = AnalysisPolicy.builder().consecutiveErrorLimit(2).build();
        cluster.clearRequests();
        Progress p = startCanary(gated, "registry/shop:2.0", CanaryStep.setWeight(20),
                CanaryStep.analysis(policy, List.of(GateSpec.readiness())), CanaryStep.setWeight(60));
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.TIME);
        assertThat(route(client, app).getSpec().getAlternateBackends()).hasSize(1);

        clock.advance(Duration.ofSeconds(30));
        p = gated.reconcile(app);

        assertThat(p.done()).isTrue();
        List<ApiRequest> all = cluster.requests();
        assertFirstWriteIsRouteTo(all.subList(requestsAtDecision.get(), all.size()), app, "shop-blue");
        DeliveryState s = gated.status(app);
        assertThat(s.rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(s.rollout().message()).contains("analysis failed").contains("FAIL");
        assertThat(s.rollout().gateResults()).extracting(r -> r.result().verdict()).containsExactly(Verdict.PASS, Verdict.FAIL);
        assertThat(gate.lastContext().candidateUrl()).hasToString("http://shop-green." + app.namespace() + ".svc:8080");
    }

    @Test
    void rollbackInsideTheWarmWindowIsOneRouteWrite() {
        promote("registry/shop:2.0");
        cluster.clearRequests();

        Progress p = engine.rollback(app, null, new Actor("dave", "break-glass"));

        assertThat(p.done()).isTrue();
        assertFirstWriteIsRouteTo(cluster.requests(), app, "shop-blue");
        DeliveryState s = engine.status(app);
        assertThat(s.activeSlot()).isEqualTo(Slot.BLUE);
        assertThat(s.history()).last().extracting(Release::image, Release::outcome, Release::actor, Release::rolledBackFrom)
                .containsExactly("registry/shop:1.0", ReleaseOutcome.ROLLED_BACK, "dave", 2);
        assertThat(s.scaleDown().slot()).as("the rolled-back slot stays warm for a roll forward").isEqualTo(Slot.GREEN);
    }

    @Test
    void rollbackAfterTheWarmWindowScalesTheOldSlotUpWaitsThenSwitches() {
        promote("registry/shop:2.0");
        clock.advance(RolloutSpec.DEFAULT_SCALE_DOWN_DELAY);
        engine.reconcile(app);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).isZero();
        cluster.clearRequests();

        Progress p = engine.rollback(app, 1, new Actor("dave", "v2 leaks memory"));

        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(p.effects()).containsExactly(Progress.Effect.SLOT_DEPLOYED);
        assertThat(route(client, app).getSpec().getTo().getName()).as("no switch before the old slot is available").isEqualTo("shop-green");
        assertThat(cluster.requests().stream().filter(ApiRequest::mutating).map(ApiRequest::resourcePath))
                .noneMatch(path -> path.contains("/routes/"));
        awaitAvailable(client, app, Slot.BLUE);
        p = engine.reconcile(app);
        assertThat(p.done()).isTrue();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(engine.status(app).history()).last().extracting(Release::outcome, Release::actor)
                .containsExactly(ReleaseOutcome.ROLLED_BACK, "dave");
    }

    @Test
    void aPreparedRollbackToAWarmSlotMovesNoTrafficUntilTheNextReconcile() {
        promote("registry/shop:2.0");
        cluster.clearRequests();

        Progress p = engine.prepareRollback(app, null, new Actor("drill", "checks first"));

        assertThat(p.done()).isFalse();
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(p.next().reason()).isEqualTo("shop-blue is warm with revision 1; traffic moves on the next reconcile");
        assertThat(p.effects()).as("a warm slot is not written").isEmpty();
        assertThat(cluster.requests().stream().filter(ApiRequest::mutating).map(ApiRequest::resourcePath))
                .as("the state and the lease, no routing and no scale-up").noneMatch(path -> path.contains("/routes/") || path.contains("/deployments/"));
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        DeliveryState s = engine.status(app);
        assertThat(s.inProgress()).isTrue();
        assertThat(s.rollout().rollbackTo()).isEqualTo(1);
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(engine.leaseHolder(app).orElseThrow().identity()).isEqualTo("test-engine");
        cluster.clearRequests();

        p = engine.reconcile(app);

        assertThat(p.done()).isTrue();
        assertFirstWriteIsRouteTo(cluster.requests(), app, "shop-blue");
        assertThat(engine.status(app).history()).last().extracting(Release::image, Release::outcome, Release::actor)
                .containsExactly("registry/shop:1.0", ReleaseOutcome.ROLLED_BACK, "drill");
    }

    @Test
    void aPreparedRollbackThatIsAbortedNeverMovesTraffic() {
        promote("registry/shop:2.0");
        engine.prepareRollback(app, 1, Actor.of("drill"));
        cluster.clearRequests();

        engine.abort(app, Actor.of("drill"));

        assertThat(cluster.requests().stream().filter(ApiRequest::mutating).map(ApiRequest::resourcePath)).noneMatch(path -> path.contains("/routes/"));
        DeliveryState s = engine.status(app);
        assertThat(s.inProgress()).isFalse();
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
    }

    @Test
    void aRollbackIsPreparedOnlyWhileNoRolloutIsInProgress() {
        startCanary(engine, "registry/shop:2.0", CanaryStep.setWeight(40), CanaryStep.pause());
        cluster.clearRequests();

        assertThatThrownBy(() -> engine.prepareRollback(app, null, Actor.of("drill")))
                .isInstanceOf(EngineException.class).hasMessageContaining("canary of registry/shop:2.0").hasMessageContaining("is in progress");
        assertThat(cluster.requests()).noneMatch(ApiRequest::mutating);
        assertThat(engine.status(app).rollout().weight()).isEqualTo(40);
    }

    @Test
    void rollbackToAnUnknownRevisionNamesTheField() {
        promote("registry/shop:2.0");
        assertThatThrownBy(() -> engine.rollback(app, 7, Actor.of("dave")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("toRevision").hasMessageContaining("[1, 2]");
    }

    @Test
    void rollbackDuringACanaryIsAnAbort() {
        startCanary(engine, "registry/shop:2.0", CanaryStep.setWeight(40), CanaryStep.pause());
        cluster.clearRequests();
        engine.rollback(app, null, Actor.of("erin"));
        assertFirstWriteIsRouteTo(cluster.requests(), app, "shop-blue");
        assertThat(engine.status(app).rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }

    private void promote(String image) {
        startCanary(engine, image, CanaryStep.setWeight(50), CanaryStep.pause());
        engine.promote(app, Actor.of("alice"));
        assertThat(engine.status(app).activeSlot()).isEqualTo(Slot.GREEN);
    }
}
