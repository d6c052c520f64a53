package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.traffic.PreviewRoute;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueGreenStrategyTest extends ClusterTestBase {

    private RolloutSpec blueGreen(String image, BlueGreenSpec spec) {
        return RolloutSpec.builder(app.namespace(), app.app(), image).blueGreen(spec).build();
    }

    /** Starts a blue/green of 2.0 over 1.0 and waits until the candidate is ready at 0 %. */
    private Progress readyCandidate(BlueGreenSpec spec) {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        engine.start(blueGreen("registry/shop:2.0", spec), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        return engine.reconcile(app);
    }

    private List<ApiRequest> mutating() {
        return cluster.requests().stream().filter(ApiRequest::mutating).filter(r -> r.resourcePath().contains("/namespaces/" + app.namespace() + "/")).toList();
    }

    @Test
    void candidateWaitsAtZeroBehindThePreviewRouteThenPromotionIsOneRouteWrite() {
        Progress p = readyCandidate(BlueGreenSpec.defaults());

        assertThat(p.next().kind()).isEqualTo(Wait.Kind.MANUAL);
        assertThat(p.state().rollout().message()).contains("shop-green ready at 0%").contains("waiting for promote");
        Route live = route(client, app);
        assertThat(live.getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(live.getSpec().getAlternateBackends()).isNullOrEmpty();
        Route preview = client.resources(Route.class).inNamespace(app.namespace()).withName(PreviewRoute.name("shop")).get();
        assertThat(preview.getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(SlotWorkloads.imageOf(slot(client, app, Slot.GREEN))).isEqualTo("registry/shop:2.0");

        cluster.clearRequests();
        p = engine.promote(app, new Actor("bob", "preview checked"));

        List<ApiRequest> writes = mutating();
        assertThat(writes.get(0).method()).isEqualTo("PUT");
        assertThat(writes.get(0).resourcePath()).endsWith("/routes/shop");
        assertThat(writes).filteredOn(r -> r.resourcePath().contains("/routes/")).hasSize(1);
        assertThat(p.done()).isTrue();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(route(client, app).getSpec().getTo().getWeight()).isEqualTo(100);
        assertThat(engine.status(app).history()).extracting(Release::image, Release::outcome, Release::actor).containsExactly(
                tuple("registry/shop:1.0", ReleaseOutcome.DEPLOYED, "engine"),
                tuple("registry/shop:2.0", ReleaseOutcome.PROMOTED, "bob"));
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).as("old slot warm").isEqualTo(1);

        clock.advance(RolloutSpec.DEFAULT_SCALE_DOWN_DELAY);
        engine.reconcile(app);
        assertThat(slot(client, app, Slot.BLUE)).as("kept, not deleted").isNotNull();
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).isZero();
    }

    @Test
    void abortKeepsStableServingAndTheCandidateForInspection() {
        readyCandidate(BlueGreenSpec.defaults());

        Progress p = engine.abort(app, new Actor("carol", "wrong colour"));

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).isEqualTo(1);
        assertThat(p.state().activeSlot()).isEqualTo(Slot.BLUE);
        assertThat(p.state().history()).extracting(Release::outcome).containsExactly(ReleaseOutcome.DEPLOYED, ReleaseOutcome.ABORTED);
    }

    @Test
    void rollbackInsideTheWarmWindowIsOneRouteWrite() {
        readyCandidate(BlueGreenSpec.defaults());
        engine.promote(app, Actor.of("bob"));
        cluster.clearRequests();

        Progress p = engine.rollback(app, null, new Actor("dave", "checkout broken"));

        List<ApiRequest> writes = mutating();
        assertThat(writes.get(0).resourcePath()).endsWith("/routes/shop");
        assertThat(p.done()).isTrue();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(p.state().history()).extracting(Release::image, Release::outcome)
                .endsWith(tuple("registry/shop:1.0", ReleaseOutcome.ROLLED_BACK));
    }

    @Test
    void rollbackAfterTheWarmWindowScalesTheOldSlotUpBeforeSwitching() {
        readyCandidate(BlueGreenSpec.defaults());
        engine.promote(app, Actor.of("bob"));
        clock.advance(RolloutSpec.DEFAULT_SCALE_DOWN_DELAY.plusSeconds(1));
        engine.reconcile(app);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).isZero();

        Progress p = engine.rollback(app, null, Actor.of("dave"));
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(route(client, app).getSpec().getTo().getName()).as("no switch before blue is up").isEqualTo("shop-green");
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).isEqualTo(1);

        awaitAvailable(client, app, Slot.BLUE);
        p = engine.reconcile(app);
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
    }

    @Test
    void autoPromoteAfterSwitchesOnceTheDelayHasPassed() {
        Progress p = readyCandidate(BlueGreenSpec.defaults().withAutoPromote(Duration.ofMinutes(5)));
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.TIME);
        java.time.Instant due = p.state().rollout().stepStartedAt().plus(Duration.ofMinutes(5));
        assertThat(p.next().until()).isBeforeOrEqualTo(due);
        assertThat(p.state().rollout().message()).contains("promoted automatically at " + due);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");

        clock.advance(Duration.ofMinutes(5));
        p = engine.reconcile(app);
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(p.state().history().get(1).comment()).isEqualTo("autoPromoteAfter PT5M");
    }

    @Test
    void aFreshEngineContinuesAndAnotherActorPromotes() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        engine.start(blueGreen("registry/shop:2.0", BlueGreenSpec.defaults()), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);

        RolloutEngine restarted = EngineHarness.engine(cluster, "test-engine", clock);
        Progress p = restarted.reconcile(app);
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.MANUAL);
        assertThat(p.state().rollout().stepIndex()).isEqualTo(BlueGreenStrategy.READY);

        EngineHarness.engine(cluster, "release-manager-ui", clock).promote(app, Actor.of("erin"));
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(engine.status(app).activeSlot()).isEqualTo(Slot.GREEN);
    }

    @Test
    void gatesMeasureTheCandidateSlotAndAFailureAborts() {
        ScriptedGate gate = new ScriptedGate(clock, () -> { }, Verdict.FAIL);
        engine = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> gate));
        AnalysisPolicy once = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(1).inconclusiveLimit(0)
                .consecutiveErrorLimit(0).onInconclusive(AnalysisPolicy.OnInconclusive.ABORT).build();

        Progress p = readyCandidate(BlueGreenSpec.defaults().withGates(once, List.of(GateSpec.readiness())));

        assertThat(gate.lastContext().candidateUrl()).hasHost("shop-green." + app.namespace() + ".svc");
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(p.state().rollout().message()).contains("analysis failed");
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
    }

    @Test
    void passingGatesLeadToReadyAndWaitForPromote() {
        java.util.concurrent.atomic.AtomicInteger measured = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedGate gate = new ScriptedGate(clock, measured::incrementAndGet, Verdict.PASS);
        engine = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> gate));
        AnalysisPolicy once = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(1).inconclusiveLimit(0)
                .consecutiveErrorLimit(0).onInconclusive(AnalysisPolicy.OnInconclusive.ABORT).build();

        Progress p = readyCandidate(BlueGreenSpec.defaults().withGates(once, List.of(GateSpec.readiness())));

        assertThat(measured).hasValue(1);
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.MANUAL);
        assertThat(p.state().rollout().events()).extracting(e -> e.action()).contains("analysis", "ready");
    }

    @Test
    void onPlainKubernetesTheServiceSelectorSwitchesAndNoRouteIsCreated() {
        RolloutSpec first = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0")
                .blueGreen(BlueGreenSpec.defaults()).router(RouterKind.REPLICAS).build();
        engine.start(first, Actor.of("test"));
        awaitAvailable(client, app, Slot.BLUE);
        assertThat(engine.reconcile(app).done()).isTrue();
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "blue");

        Progress p = engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .blueGreen(BlueGreenSpec.defaults()).router(RouterKind.REPLICAS).build(), Actor.of("alice"));
        assertThat(p.state().rollout().events()).extracting(e -> e.detail()).anyMatch(d -> d.contains("no preview Route: router is replicas"));
        awaitAvailable(client, app, Slot.GREEN);
        assertThat(engine.reconcile(app).next().kind()).isEqualTo(Wait.Kind.MANUAL);
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "blue");

        engine.promote(app, Actor.of("bob"));
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "green");
        assertThat(route(client, app)).isNull();
        assertThat(client.resources(Route.class).inNamespace(app.namespace()).withName(PreviewRoute.name("shop")).get()).isNull();
    }

    @Test
    void invalidOptionsNameTheField() {
        assertThatThrownBy(() -> new BlueGreenSpec(true, false, Duration.ofMinutes(5), List.of(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("autoPromoteAfter"));
        assertThatThrownBy(() -> BlueGreenSpec.defaults().withAutoPromote(Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("autoPromoteAfter"));
        assertThatThrownBy(() -> RouterKind.parse("istio"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("router").contains("replicas"));
        assertThat(client.configMaps().inNamespace(app.namespace()).list().getItems()).isEmpty();
    }

    private Service service() {
        return client.services().inNamespace(app.namespace()).withName(app.app()).get();
    }
}
