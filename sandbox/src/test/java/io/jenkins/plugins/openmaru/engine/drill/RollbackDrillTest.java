package io.jenkins.plugins.openmaru.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.kubernetes.api.model.Event;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.engine.LeaseHeldException;
import io.jenkins.plugins.openmaru.engine.audit.AuditTrail;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.StateStore;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhase;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import io.jenkins.plugins.openmaru.model.DrillSummary;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Clock;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class RollbackDrillTest {
    static final String V1 = "quay.io/acme/shop:1.0";
    static final String V2 = "quay.io/acme/shop:2.0";
    static final Actor NIGHTLY = new Actor("jenkins:drills#42", "weekly drill");

    static DrillCluster sandbox;
    AppRef app;

    @BeforeAll
    static void start() {
        sandbox = DrillCluster.shared();
    }

    @BeforeEach
    void twoReleases() {
        app = DrillCluster.freshApp();
        sandbox.release(app, V1, Map.of());
        sandbox.release(app, V2, Map.of());
    }

    @AfterEach
    void fastRollouts() {
        sandbox.cluster.deployments().setDelay(app.app(), Duration.ofMillis(20));
    }

    private DrillSpec.Builder spec() {
        return DrillSpec.builder(app.namespace(), app.app()).environment("prod").maxTimeToRestore("30s");
    }

    private DeliveryState state() {
        return new RolloutEngine(sandbox.client, sandbox.config("reader")).status(app);
    }

    private List<ApiRequest> routeWrites() {
        String path = "/apis/route.openshift.io/v1/namespaces/" + app.namespace() + "/routes/" + app.app();
        return sandbox.cluster.requests().stream().filter(r -> r.mutating() && r.resourcePath().equals(path)).toList();
    }

    /** The sandbox router follows Route changes through a watch, so it may answer from the old weights for a moment. */
    private void awaitServed(String version) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.servedVersion(app).equals(version));
    }

    @Test
    void passingDrillRollsBackVerifiesAndRollsForward() {
        awaitServed(V2);
        sandbox.cluster.clearRequests();

        DrillResult result = sandbox.drill().run(spec().build(), NIGHTLY);

        assertThat(result.outcome()).as(result.message()).isEqualTo(DrillOutcome.PASSED);
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.toRevision()).isEqualTo(1);
        assertThat(back.image()).isEqualTo(V1);
        assertThat(back.slot()).isEqualTo(Slot.BLUE);
        assertThat(back.scaledUp()).as("blue is still warm after the promotion of 2.0").isFalse();
        assertThat(back.gatesBefore()).extracting(GateResult::gate).containsExactly("readiness", "http:/health");
        assertThat(back.gatesBefore()).extracting(GateResult::verdict).containsOnly(Verdict.PASS);
        assertThat(back.gatesAfter()).extracting(GateResult::verdict).containsExactly(Verdict.PASS, Verdict.PASS);
        assertThat(back.timings().availableAt()).isNull();
        assertThat(back.timings().toTrafficWrite()).get().matches(d -> !d.isNegative());
        assertThat(back.timings().writeToVerified()).get().matches(d -> !d.isNegative());
        assertThat(back.timings().timeToRestore()).get().matches(d -> d.compareTo(Duration.ofSeconds(30)) < 0);
        DrillPhaseResult forward = result.phase(DrillPhase.ROLL_FORWARD).orElseThrow();
        assertThat(forward.outcome()).as(forward.message()).isEqualTo(DrillOutcome.PASSED);
        assertThat(forward.toRevision()).isEqualTo(2);
        assertThat(forward.slot()).isEqualTo(Slot.GREEN);

        // the Route was written twice: 100 % to blue (1.0), then back to green (2.0)
        List<ApiRequest> writes = routeWrites();
        assertThat(writes).as(writes.stream().map(w -> w + " " + w.body()).toList().toString()).hasSize(2);
        assertThat(writes.get(0).body()).contains("\"name\":\"shop-blue\"").doesNotContain("shop-green");
        assertThat(writes.get(1).body()).contains("\"name\":\"shop-green\"").doesNotContain("shop-blue");
        awaitServed(V2);
        assertThat(result.servingRevision()).isEqualTo(2);
        assertThat(result.message()).contains("rollback to revision 1 in", "roll-forward to revision 2 in", "revision 2 (" + V2 + ") serves");

        DeliveryState s = state();
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(s.serving().map(Release::revision)).contains(2);
        assertThat(s.previous().map(Release::revision)).as("a later real rollback still goes to 1.0").contains(1);
        assertThat(s.history()).extracting(Release::outcome).containsExactly(ReleaseOutcome.DEPLOYED, ReleaseOutcome.PROMOTED, ReleaseOutcome.DRILL);
        Release drill = s.history().get(2);
        assertThat(drill.actor()).isEqualTo(NIGHTLY.name());
        assertThat(drill.comment()).startsWith("rollback drill " + result.id() + ": PASSED");
        assertThat(drill.revision()).isEqualTo(4);
        assertThat(s.nextRevision()).isEqualTo(5);
        assertThat(s.rollout().message()).startsWith("rollback drill " + result.id());
        assertThat(new AppLease(sandbox.client, Clock.systemUTC(), Duration.ofSeconds(60)).holder(app)).isEmpty();

        List<DrillSummary> trend = sandbox.drill().trend(app);
        assertThat(trend).hasSize(1);
        assertThat(trend.get(0).outcome()).isEqualTo(DrillOutcome.PASSED);
        assertThat(trend.get(0).restore()).isEqualTo(back.timings().timeToRestore().orElseThrow());
        assertThat(trend.get(0).environment()).isEqualTo("prod");
        Event audited = sandbox.client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, "DrillPassed")).get();
        assertThat(audited.getMessage()).startsWith(result.id() + " PASSED: ").endsWith("(actor: " + NIGHTLY.name() + ")");
    }

    @Test
    void recoveryPutsTrafficBackWhenTheDrillDiedBetweenItsSwitchAndItsRecord() {
        awaitServed(V2);
        int entries = state().history().size();
        // The drill's warm rollback wrote the routing to revision 1's slot; its process died before the state write.
        sandbox.config("drill:test").routers().create(sandbox.client, app).endRollout(Slot.BLUE.resourceName(app.app()));
        awaitServed(V1);

        String said = sandbox.drill().recover(app, 2, NIGHTLY);

        assertThat(said).startsWith("traffic put back on revision 2 (" + V2 + ") in " + Slot.GREEN.resourceName(app.app()));
        assertThat(sandbox.client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get().getSpec().getTo().getName())
                .isEqualTo(Slot.GREEN.resourceName(app.app()));
        awaitServed(V2);
        assertThat(state().serving().orElseThrow().revision()).isEqualTo(2);
        assertThat(state().history()).hasSize(entries);
        assertThat(new AppLease(sandbox.client, Clock.systemUTC(), Duration.ofSeconds(60)).holder(app)).isEmpty();
    }

    @Test
    void recoveryReportsARepairWhoseWordsAreTheLastRolloutsMessage() {
        awaitServed(V2);
        String blue = Slot.BLUE.resourceName(app.app());
        // What the idle reconcile says when it repairs this: learned from one repair, not written down here.
        dieBetweenSwitchAndRecord(blue);
        String repairSays = new RolloutEngine(sandbox.client, sandbox.config("reader")).reconcile(app).next().reason();
        awaitServed(V2);
        lastRolloutSays(repairSays);
        dieBetweenSwitchAndRecord(blue);
        awaitServed(V1);

        String said = sandbox.drill().recover(app, 2, NIGHTLY);

        assertThat(said).as("the routing was put back, whatever the words").isEqualTo(repairSays).doesNotContain("nothing to put back");
        assertThat(sandbox.client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get().getSpec().getTo().getName())
                .isEqualTo(Slot.GREEN.resourceName(app.app()));
        awaitServed(V2);
    }

    @Test
    void recoveryReportsRoutingItCouldNotPutBackWhoseWordsAreTheLastRolloutsMessage() {
        awaitServed(V2);
        // 2.0's slot no longer runs it available: the routing to 1.0's slot cannot be put back onto it.
        scaleToZero(Slot.GREEN);
        dieBetweenSwitchAndRecord(Slot.BLUE.resourceName(app.app()));
        String mismatchSays = new RolloutEngine(sandbox.client, sandbox.config("reader")).reconcile(app).next().reason();
        lastRolloutSays(mismatchSays);

        String said = sandbox.drill().recover(app, 2, NIGHTLY);

        assertThat(said).as("the routing disagrees with the state, whatever the words").isEqualTo(mismatchSays)
                .doesNotContain("nothing to put back");
        assertThat(sandbox.client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get().getSpec().getTo().getName())
                .isEqualTo(Slot.BLUE.resourceName(app.app()));
    }

    @Test
    void recoveryWithRoutingThatAgreesHasNothingToPutBack() {
        awaitServed(V2);
        sandbox.cluster.clearRequests();

        String said = sandbox.drill().recover(app, 2, NIGHTLY);

        assertThat(said).isEqualTo("revision 2 serves; nothing to put back");
        assertThat(routeWrites()).isEmpty();
        awaitServed(V2);
    }

    /** What a drill's warm switch leaves when its process dies before the state write: all traffic on {@code service}. */
    private void dieBetweenSwitchAndRecord(String service) {
        sandbox.config("drill:test").routers().create(sandbox.client, app).endRollout(service);
    }

    /** The last rollout's message, as the state ConfigMap holds it, becomes {@code text}. */
    private void lastRolloutSays(String text) {
        StateStore store = new StateStore(sandbox.client);
        StateStore.Snapshot now = store.load(app);
        store.save(app, now.state().withRollout(now.state().rollout().withMessage(text, Instant.now())), now.resourceVersion());
        assertThat(state().rollout().message()).isEqualTo(text);
    }

    @Test
    void secondDrillReplacesTheHistoryEntryAndExtendsTheTrend() {
        sandbox.drill().run(spec().build(), NIGHTLY);
        DrillResult second = sandbox.drill().run(spec().build(), NIGHTLY);

        assertThat(second.outcome()).as(second.message()).isEqualTo(DrillOutcome.PASSED);
        assertThat(state().history()).extracting(Release::outcome)
                .containsExactly(ReleaseOutcome.DEPLOYED, ReleaseOutcome.PROMOTED, ReleaseOutcome.DRILL);
        assertThat(state().history().get(2).revision()).isEqualTo(6);
        assertThat(sandbox.drill().trend(app)).hasSize(2);
    }

    @Test
    void restoreThatNeedsAScaleUpSlowerThanTheTargetFailsTheDrillButStillRestores() {
        scaleToZero(Slot.BLUE);
        // The target leaves the warm roll-forward room under load; the scale-up back exceeds it by far.
        sandbox.cluster.deployments().setDelay(app.app(), Duration.ofMillis(3500));

        DrillResult result = sandbox.drill().run(spec().maxTimeToRestore("2s").build(), NIGHTLY);

        assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(back.scaledUp()).isTrue();
        assertThat(back.timings().toAvailable()).get().matches(d -> d.compareTo(Duration.ofMillis(3500)) >= 0, "at least the simulated 3.5 s");
        assertThat(back.exceededTarget()).isTrue();
        assertThat(back.message()).contains("above the target 2s");
        assertThat(result.phase(DrillPhase.ROLL_FORWARD).orElseThrow().outcome()).isEqualTo(DrillOutcome.PASSED);
        assertThat(result.message()).startsWith("rollback failed: ").endsWith("revision 2 (" + V2 + ") serves");
        assertThat(sandbox.client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, "DrillFailed")).get().getType())
                .isEqualTo("Warning");
        awaitServed(V2);
        assertThat(state().activeSlot()).isEqualTo(Slot.GREEN);
    }

    @Test
    void previousReleaseFailingItsHealthUrlIsNeverGivenTraffic() {
        sandbox.breakSlot(app, Slot.BLUE, "SANDBOX_ERROR_RATE", "1", 500, true);
        sandbox.cluster.clearRequests();

        DrillResult result = sandbox.drill().run(spec().build(), NIGHTLY);

        assertThat(result.outcome()).isEqualTo(DrillOutcome.ABORTED);
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.outcome()).isEqualTo(DrillOutcome.ABORTED);
        assertThat(back.message()).contains("revision 1 (" + V1 + ") in shop-blue failed gate http:/health", "before any traffic moved",
                "revision 2 keeps serving");
        assertThat(back.timings().trafficWrittenAt()).isNull();
        assertThat(result.phase(DrillPhase.ROLL_FORWARD).orElseThrow().outcome()).isEqualTo(DrillOutcome.SKIPPED);
        assertThat(routeWrites()).isEmpty();
        awaitServed(V2);
        DeliveryState s = state();
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(s.history()).extracting(Release::outcome).containsExactly(ReleaseOutcome.DEPLOYED, ReleaseOutcome.PROMOTED, ReleaseOutcome.DRILL);
        assertThat(s.history().get(2).comment()).contains("ABORTED", "failed gate http:/health");
    }

    @Test
    void aSlotThatBecomesWarmJustBeforeTheRollbackIsCheckedBeforeItGetsTraffic() throws Exception {
        sandbox.breakSlot(app, Slot.BLUE, "SANDBOX_ERROR_RATE", "1", 500, true);

        DrillResult result = drillWhileTheColdSlotTurnsWarm(() -> {});

        assertThat(result.outcome()).as(result.message()).isEqualTo(DrillOutcome.ABORTED);
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.message()).contains("revision 1 (" + V1 + ") in shop-blue failed gate http:/health", "before any traffic moved",
                "revision 2 keeps serving");
        assertThat(back.timings().trafficWrittenAt()).isNull();
        assertThat(result.phase(DrillPhase.ROLL_FORWARD).orElseThrow().outcome()).isEqualTo(DrillOutcome.SKIPPED);
        assertNoTrafficMoved();
        assertThat(state().history()).extracting(Release::outcome).containsExactly(ReleaseOutcome.DEPLOYED, ReleaseOutcome.PROMOTED, ReleaseOutcome.DRILL);
    }

    @Test
    void aColdSlotThatTurnsWarmOnItsOwnBeforeTheRollbackIsNotReportedAsScaledUp() throws Exception {
        DrillResult result = drillWhileTheColdSlotTurnsWarm(sandbox.cluster::clearRequests);

        assertThat(result.outcome()).as(result.message()).isEqualTo(DrillOutcome.PASSED);
        String blue = "/apis/apps/v1/namespaces/" + app.namespace() + "/deployments/" + Slot.BLUE.resourceName(app.app());
        assertThat(sandbox.cluster.requests()).as("the drill wrote nothing into the slot")
                .noneMatch(r -> r.mutating() && r.resourcePath().startsWith(blue) && !r.resourcePath().endsWith("/status"));
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.scaledUp()).as("the drill's rollback did not scale the slot up").isFalse();
        assertThat(back.timings().availableAt()).isNull();
        assertThat(back.timings().toAvailable()).isEmpty();
        assertThat(back.timings().trafficWrittenAt()).isNotNull();
        assertThat(DrillJUnitReport.render(result)).doesNotContain("scaled up: yes", "decision to available");
        JsonNode json = new ObjectMapper().readTree(DrillJsonReport.render(result)).get("phases").get(0);
        assertThat(json.get("scaledUp").asBoolean()).isFalse();
        assertThat(json.get("timings").get("availableAt").isNull()).isTrue();
        assertThat(DrillHtmlReport.render(result)).contains("<td>rollback</td><td>revision&#160;1</td><td>none (warm)</td>");
    }

    @Test
    void aSlotScaledDownBetweenTheCheckAndTheSwitchLeavesNoRollbackPending() throws Exception {
        awaitServed(V2);

        // The restore finds the slot warm and checks it; before its rollback starts, the slot is scaled down.
        DrillResult result = drillWhile("the rollback starts", () -> scaleToZero(Slot.BLUE));

        assertThat(result.outcome()).as(result.message()).isEqualTo(DrillOutcome.FAILED);
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.gatesBefore()).extracting(GateResult::verdict).containsOnly(Verdict.PASS);
        assertThat(result.phase(DrillPhase.ROLL_FORWARD).orElseThrow().outcome()).isEqualTo(DrillOutcome.SKIPPED);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(new SlotWorkloads(sandbox.client, app).get(Slot.BLUE)));
        // Anyone's next reconcile once the drill has ended (a driver, a resume) finds no rollback of the drill's left to finish.
        new RolloutEngine(sandbox.client, sandbox.config("jenkins:shop#9")).reconcile(app);
        assertNoTrafficMoved();
        assertThat(back.message()).contains("the switch to revision 1 (" + V1 + ") in shop-blue did not complete",
                "the drill abandoned its rollback and no traffic moved");
    }

    /**
     * Blue is cold, and the restore finds it so; before its rollback starts, someone else scales blue up, it is warm with
     * revision 1 again, and {@code then} runs.
     */
    private DrillResult drillWhileTheColdSlotTurnsWarm(Runnable then) throws Exception {
        scaleToZero(Slot.BLUE);
        awaitServed(V2);
        Release v1 = state().release(1).orElseThrow();
        return drillWhile("the rollback starts", () -> {
            new SlotWorkloads(sandbox.client, app).scale(Slot.BLUE, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> SlotWorkloads.isWarm(new SlotWorkloads(sandbox.client, app).get(Slot.BLUE), v1));
            then.run();
        });
    }

    /**
     * Runs a drill through a proxy that holds its rollback's first request (the read of the state after the restore's read
     * of the slot) until {@code meanwhile} has run.
     */
    private DrillResult drillWhile(String what, Runnable meanwhile) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(sandbox.cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(sandbox.cluster.config("drill-race-test")).withMasterUrl(proxy.url()).build())) {
            RollbackDrill drill = new RollbackDrill(proxied, sandbox.config("drill:test"));
            String slotRead = "GET /apis/apps/v1/namespaces/" + app.namespace() + "/deployments/" + Slot.BLUE.resourceName(app.app());
            drill.run(spec().dryRun(true).build(), NIGHTLY);
            int planReads = (int) proxy.requests().stream().filter(slotRead::equals).count();
            String stateRead = "GET /api/v1/namespaces/" + app.namespace() + "/configmaps/" + app.app() + "-delivery";
            CompletableFuture<Void> done = new CompletableFuture<>();
            // Armed as the restore's read (after the plan's) arrives, before it is answered: the drill's next state read is its rollback's.
            CompletableFuture<Void> held = proxy.received(slotRead, 2 * planReads + 1).thenCompose(x -> {
                proxy.rules().add(FaultRule.on("GET", ".*/configmaps/" + app.app() + "-delivery", new FaultRule.Hold(done)));
                return proxy.received(stateRead, (int) proxy.requests().stream().filter(stateRead::equals).count() + 1);
            });
            sandbox.cluster.clearRequests();

            CompletableFuture<DrillResult> running = CompletableFuture.supplyAsync(() -> drill.run(spec().build(), NIGHTLY));
            try {
                held.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the drill never reached " + what + ": " + proxy.requests(), e);
            }
            meanwhile.run();
            done.complete(null);
            return running.get(60, TimeUnit.SECONDS);
        }
    }

    /** The Route never left 2.0's slot: no routing write since the requests were cleared, and 2.0 answers. */
    private void assertNoTrafficMoved() {
        assertThat(routeWrites()).as("no routing write").isEmpty();
        Route route = sandbox.client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
        assertThat(route.getSpec().getTo().getName()).isEqualTo(Slot.GREEN.resourceName(app.app()));
        assertThat(route.getSpec().getAlternateBackends()).isNullOrEmpty();
        awaitServed(V2);
        DeliveryState s = state();
        assertThat(s.inProgress()).as("the drill's rollback was abandoned").isFalse();
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(s.serving().map(Release::revision)).contains(2);
    }

    @Test
    void releaseThatFailsAfterTheSwitchIsReplacedAtOnceEvenWithoutRollForward() {
        AtomicInteger blueChecks = new AtomicInteger();
        GateFactory real = new GateFactory(GateCredentials.NONE);
        // the health URL of 1.0 passes the check before the switch and fails under traffic
        Function<GateSpec, HealthGate> gates = spec -> spec.gateKind() != GateKind.HTTP ? real.apply(spec) : new HealthGate() {
            @Override
            public String name() {
                return spec.displayName();
            }

            @Override
            public GateResult evaluate(GateContext c) {
                boolean fails = c.candidateSlot().equals("blue") && blueChecks.incrementAndGet() > 1;
                return fails ? new GateResult(name(), Verdict.FAIL, "GET /health: 5 x HTTP 503 under load", Instant.now()) : real.apply(spec).evaluate(c);
            }
        };
        RollbackDrill drill = new RollbackDrill(sandbox.client, sandbox.config("drill:test").withGates(gates));

        DrillResult result = drill.run(spec().rollForward(false).build(), NIGHTLY);

        assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
        DrillPhaseResult back = result.phase(DrillPhase.ROLLBACK).orElseThrow();
        assertThat(back.message()).contains("revision 1 (" + V1 + ") in shop-blue serves but fails gate http:/health", "HTTP 503 under load");
        DrillPhaseResult forward = result.phase(DrillPhase.ROLL_FORWARD).orElseThrow();
        assertThat(forward.outcome()).isEqualTo(DrillOutcome.PASSED);
        assertThat(forward.gatesBefore()).as("2.0 served moments ago: no check delays its return").isEmpty();
        assertThat(state().activeSlot()).isEqualTo(Slot.GREEN);
        awaitServed(V2);
    }

    @Test
    void previousReleaseThatNeverBecomesReadyIsAbandonedAfterTheTimeout() {
        sandbox.breakSlot(app, Slot.BLUE, "SANDBOX_FAIL_READINESS", "true", 503, false);
        sandbox.cluster.clearRequests();

        DrillResult result = sandbox.drill().run(spec().timeout("1s").build(), NIGHTLY);

        assertThat(result.outcome()).isEqualTo(DrillOutcome.ABORTED);
        assertThat(result.message()).contains("revision 1 (" + V1 + ") in shop-blue did not become available within 1s", "no traffic moved",
                "revision 2 keeps serving");
        assertThat(routeWrites()).isEmpty();
        awaitServed(V2);
        DeliveryState s = state();
        assertThat(s.inProgress()).isFalse();
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(s.serving().map(Release::revision)).contains(2);
    }

    @Test
    void refusesWhileARolloutIsInProgressNamingItsDriver() {
        RolloutEngine jenkins = new RolloutEngine(sandbox.client, sandbox.config("jenkins:shop#7"));
        jenkins.start(RolloutSpec.builder(app.namespace(), app.app(), "quay.io/acme/shop:3.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.pause()).build(), Actor.of("alice"));
        sandbox.cluster.clearRequests();

        assertThatThrownBy(() -> sandbox.drill().run(spec().build(), NIGHTLY))
                .isInstanceOf(DrillRefusedException.class)
                .hasMessageContaining("canary of quay.io/acme/shop:3.0")
                .hasMessageContaining("driven by jenkins:shop#7")
                .satisfies(e -> assertThat(((DrillRefusedException) e).holder()).isEqualTo("jenkins:shop#7"));
        assertThat(sandbox.cluster.requests()).noneMatch(r -> r.mutating() && r.path().contains("/namespaces/" + app.namespace() + "/"));
    }

    @Test
    void refusesWhileAnotherActorHoldsTheLease() {
        new AppLease(sandbox.client, Clock.systemUTC(), Duration.ofSeconds(60)).acquire(app, "cli:alice");

        assertThatThrownBy(() -> sandbox.drill().run(spec().build(), NIGHTLY))
                .isInstanceOf(DrillRefusedException.class)
                .hasMessageContaining("driven by cli:alice");
        assertThat(state().history()).extracting(Release::outcome).doesNotContain(ReleaseOutcome.DRILL);
    }

    @Test
    void aRolloutStartedDuringTheDrillIsRefusedNamingTheDrill() {
        scaleToZero(Slot.BLUE);
        sandbox.cluster.deployments().setDelay(app.app(), Duration.ofMillis(800));
        var drill = java.util.concurrent.CompletableFuture.supplyAsync(() -> sandbox.drill().run(spec().build(), NIGHTLY));
        await().atMost(Duration.ofSeconds(10)).until(() -> state().inProgress());

        RolloutEngine jenkins = new RolloutEngine(sandbox.client, sandbox.config("jenkins:shop#8"));
        assertThatThrownBy(() -> jenkins.start(RolloutSpec.builder(app.namespace(), app.app(), "quay.io/acme/shop:3.0")
                .canary(CanaryStep.setWeight(20)).build(), Actor.of("bob")))
                .hasMessageContaining("drill:test");
        assertThat(drill.join().outcome()).isEqualTo(DrillOutcome.PASSED);
    }

    @Test
    void aDrillWaitingLongerThanItsLeaseKeepsTheLease() throws InterruptedException {
        Duration lease = Duration.ofMillis(1500);
        scaleToZero(Slot.BLUE);
        // the scale-up of 1.0's slot, which the drill waits for between its operations, outlasts the lease twice
        sandbox.cluster.deployments().setDelay(app.app(), lease.multipliedBy(3));
        RollbackDrill drill = new RollbackDrill(sandbox.client, sandbox.config("drill:test").withLeaseDuration(lease));
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> drill.run(spec().build(), NIGHTLY));
        await().atMost(Duration.ofSeconds(10)).until(() -> state().inProgress());
        Thread.sleep(lease.multipliedBy(2).toMillis());

        RolloutEngine resumer = new RolloutEngine(sandbox.client, sandbox.config("cli:alice@laptop").withLeaseDuration(lease));
        assertThatThrownBy(() -> resumer.reconcile(app)).isInstanceOf(LeaseHeldException.class).hasMessageContaining("drill:test");
        DrillResult result = running.join();
        assertThat(result.outcome()).as(result.message()).isEqualTo(DrillOutcome.PASSED);
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        sandbox.cluster.clearRequests();

        DrillResult result = sandbox.drill().run(spec().dryRun(true).toRevision(1).build(), NIGHTLY);

        assertThat(result.outcome()).isEqualTo(DrillOutcome.PLANNED);
        assertThat(result.plan().warm()).isTrue();
        assertThat(result.plan().steps()).anyMatch(l -> l.contains("shop-blue is warm with revision 1 (" + V1 + "): no scale-up"))
                .anyMatch(l -> l.contains("readiness, http:/health"))
                .anyMatch(l -> l.startsWith("roll forward"));
        assertThat(sandbox.cluster.requests()).noneMatch(ApiRequest::mutating);
    }

    @Test
    void anAppWithOneReleaseHasNothingToDrill() {
        AppRef single = DrillCluster.freshApp();
        sandbox.release(single, V1, Map.of());

        assertThatThrownBy(() -> sandbox.drill().run(DrillSpec.builder(single.namespace(), single.app()).build(), NIGHTLY))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("app"))
                .hasMessageContaining("at least two releases");
    }

    @Test
    void anAppDeployedByRollingUpdatesIsRefusedNamingWhyBeforeAnyWrite() {
        AppRef rolling = DrillCluster.freshApp();
        RolloutEngine engine = new RolloutEngine(sandbox.client, sandbox.config("ci"));
        for (String image : List.of(V1, V2)) {
            engine.start(RolloutSpec.builder(rolling.namespace(), rolling.app(), image).rolling(RollingSpec.defaults()).build(), Actor.of("ci"));
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.reconcile(rolling).done());
        }
        sandbox.cluster.clearRequests();

        assertThatThrownBy(() -> sandbox.drill().run(DrillSpec.builder(rolling.namespace(), rolling.app()).build(), NIGHTLY))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("app"))
                .hasMessageContaining("deployed by a rolling update, which has no idle slot for a drill to switch to");
        assertThat(sandbox.cluster.requests()).noneMatch(ApiRequest::mutating);
        assertThat(engine.status(rolling).history()).hasSize(2);
    }

    @Test
    void toRevisionMustBeAnotherReleaseThatServed() {
        assertThatThrownBy(() -> sandbox.drill().run(spec().toRevision(2).build(), NIGHTLY))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("toRevision: 2 is not allowed")
                .hasMessageContaining("[1]");
    }

    /** Out of the warm window: the slot was scaled down, and the simulated controller has reported it. */
    private void scaleToZero(Slot slot) {
        new SlotWorkloads(sandbox.client, app).scale(slot, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var status = new SlotWorkloads(sandbox.client, app).get(slot).getStatus();
            return status != null && Integer.valueOf(0).equals(status.getReplicas());
        });
    }
}
