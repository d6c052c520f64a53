package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.jenkins.plugins.openmaru.engine.audit.AuditTrail;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With no rollout in progress, the engine's reconcile compares the routing with the serving release's slot: an actor that
 * died between a switch's routing write and its state write left traffic on the other slot. One routing write puts it
 * back when the serving slot is warm; a cold slot gets no traffic, and the mismatch is reported.
 */
class IdleRoutingRepairTest extends ClusterTestBase {
    private static final String ROUTES = "/apis/route.openshift.io/v1/namespaces/";

    /** Revision 1 in blue, then revision 2 promoted into green: blue stays warm with revision 1. */
    private void twoReleases() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(CanaryStep.setWeight(50), CanaryStep.pause())
                .build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        engine.reconcile(app);
        engine.promote(app, Actor.of("alice"));
        assertThat(engine.status(app).activeSlot()).isEqualTo(Slot.GREEN);
    }

    /** What a switch that died before its state write leaves: all traffic on {@code service}, the state unchanged. */
    private void switchWithoutRecord(String service) {
        engine.config().routers().create(client, app).endRollout(service);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo(service);
    }

    private List<ApiRequest> routeWrites() {
        return cluster.requests().stream().filter(ApiRequest::mutating)
                .filter(r -> r.resourcePath().startsWith(ROUTES + app.namespace() + "/routes")).toList();
    }

    private RolloutEvent lastEvent() {
        List<RolloutEvent> events = engine.status(app).rollout().events();
        return events.get(events.size() - 1);
    }

    private Event auditEvent(String reason) {
        return client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, reason)).get();
    }

    @Test
    void routingOnTheOtherSlotGoesBackToTheWarmServingSlotInOneWrite() {
        twoReleases();
        switchWithoutRecord("shop-blue");
        cluster.clearRequests();

        Progress p = engine.reconcile(app);

        // the lease is taken first (a holder may be between its own two writes), then one routing write
        assertThat(routeWrites()).hasSize(1);
        AbortAndRollbackTest.assertFirstWriteIsRouteTo(routeWrites(), app, "shop-green");
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(p.done()).isTrue();
        assertThat(p.next().reason()).startsWith("traffic put back on revision 2 (registry/shop:2.0) in shop-green: the routing sent 100% to shop-blue");
        assertThat(lastEvent()).extracting(RolloutEvent::actor, RolloutEvent::action).containsExactly("engine", "routingRepaired");
        assertThat(auditEvent("RoutingRepaired")).isNotNull().extracting(Event::getType).isEqualTo("Warning");
        assertThat(engine.leaseHolder(app)).isEmpty();

        cluster.clearRequests();
        engine.reconcile(app);
        assertThat(cluster.requests()).as("routing and state agree: nothing more to write").noneMatch(ApiRequest::mutating);
    }

    @Test
    void aServingSlotThatIsNotWarmGetsNoTrafficAndTheMismatchIsReported() {
        twoReleases();
        new SlotWorkloads(client, app).scale(Slot.GREEN, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !SlotWorkloads.isWarm(EngineHarness.slot(client, app, Slot.GREEN),
                engine.status(app).serving().orElseThrow()));
        switchWithoutRecord("shop-blue");
        cluster.clearRequests();

        Progress p = engine.reconcile(app);

        assertThat(routeWrites()).isEmpty();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(p.next().reason()).contains("the routing sent 100% to shop-blue while revision 2 (registry/shop:2.0) was recorded as serving")
                .endsWith("shop-green does not run it available: traffic left as it is");
        assertThat(lastEvent().action()).isEqualTo("routingMismatch");
        assertThat(auditEvent("RoutingMismatch")).isNotNull();

        int events = engine.status(app).rollout().events().size();
        engine.reconcile(app);
        assertThat(engine.status(app).rollout().events()).as("reported once while it stays the same").hasSize(events);
        assertThat(routeWrites()).isEmpty();
    }

    @Test
    void whileAnotherIdentityHoldsTheLeaseTheRoutingIsLeftToIt() {
        twoReleases();
        new AppLease(client, clock, EngineConfig.DEFAULT_LEASE_DURATION).acquire(app, "drill:other");
        switchWithoutRecord("shop-blue");
        cluster.clearRequests();

        Progress p = engine.reconcile(app);

        assertThat(routeWrites()).isEmpty();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(p.next().reason()).endsWith("left to drill:other, who holds the lease");
    }

    @Test
    void aRollingReleaseHasNoSlotAndItsRoutingIsNotTouched() {
        Progress p = engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").rolling(RollingSpec.defaults()).build(),
                Actor.of("alice"));
        EngineHarness.awaitRevision(client, app, p.state().rollout().revision());
        assertThat(engine.reconcile(app).done()).isTrue();
        cluster.clearRequests();

        engine.reconcile(app);

        assertThat(cluster.requests()).noneMatch(r -> r.resourcePath().startsWith(ROUTES));
    }
}
