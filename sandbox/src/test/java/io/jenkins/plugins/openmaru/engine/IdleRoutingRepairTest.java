package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With no rollout in progress, the engine's reconcile compares the routing with the serving release's slot: an actor that
 * died between a switch's routing write and its state write left traffic on the other slot. One routing write puts it
 * back when the serving slot is warm; a cold slot gets no traffic, and the mismatch is reported. Both are posted to the
 * notification webhook, a mismatch once while it stays the same.
 */
class IdleRoutingRepairTest extends ClusterTestBase {
    private static final String ROUTES = "/apis/route.openshift.io/v1/namespaces/";
    private final WebhookReceiver webhook = new WebhookReceiver();

    @AfterEach
    void stopWebhook() {
        webhook.close();
    }

    /** From now on the test's engine posts to the webhook, as the CLI's and Jenkins' engines do when one is configured. */
    private void notifying() {
        engine = new RolloutEngine(cluster.newClient(), engine.config().withNotifier(webhook.notifier()));
    }

    private List<JsonNode> posted(String reason) {
        return webhook.received().stream().filter(b -> b.get("reason").asText().equals(reason)).toList();
    }

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

    /** Revision 2 serving from a slot that is no longer warm, and all traffic on the other slot: nothing may move it back. */
    private void coldServingSlotWithTrafficElsewhere() {
        twoReleases();
        new SlotWorkloads(client, app).scale(Slot.GREEN, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !SlotWorkloads.isWarm(EngineHarness.slot(client, app, Slot.GREEN),
                engine.status(app).serving().orElseThrow()));
        switchWithoutRecord("shop-blue");
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
        assertThat(p.effects()).containsExactly(Progress.Effect.ROUTING_REPAIRED);
        assertThat(lastEvent()).extracting(RolloutEvent::actor, RolloutEvent::action).containsExactly("engine", "routingRepaired");
        assertThat(auditEvent("RoutingRepaired")).isNotNull().extracting(Event::getType).isEqualTo("Warning");
        assertThat(engine.leaseHolder(app)).isEmpty();

        cluster.clearRequests();
        assertThat(engine.reconcile(app).effects()).isEmpty();
        assertThat(cluster.requests()).as("routing and state agree: nothing more to write").noneMatch(ApiRequest::mutating);
    }

    @Test
    void aServingSlotThatIsNotWarmGetsNoTrafficAndTheMismatchIsReported() {
        coldServingSlotWithTrafficElsewhere();
        cluster.clearRequests();

        Progress p = engine.reconcile(app);

        assertThat(routeWrites()).isEmpty();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(p.next().reason()).contains("the routing sent 100% to shop-blue while revision 2 (registry/shop:2.0) was recorded as serving")
                .endsWith("shop-green does not run it available: traffic left as it is");
        assertThat(p.effects()).containsExactly(Progress.Effect.ROUTING_LEFT);
        assertThat(lastEvent().action()).isEqualTo("routingMismatch");
        assertThat(auditEvent("RoutingMismatch")).isNotNull();

        int events = engine.status(app).rollout().events().size();
        engine.reconcile(app);
        assertThat(engine.status(app).rollout().events()).as("reported once while it stays the same").hasSize(events);
        assertThat(routeWrites()).isEmpty();
    }

    @Test
    void aRepairIsPostedToTheWebhookAsAWarning() {
        notifying();
        twoReleases();
        switchWithoutRecord("shop-blue");
        webhook.received().clear();

        engine.reconcile(app);
        engine.reconcile(app);

        assertThat(webhook.received()).singleElement().satisfies(b -> {
            String message = b.get("message").asText();
            assertThat(b.get("reason").asText()).isEqualTo("RoutingRepaired");
            assertThat(message).startsWith("traffic put back on revision 2 (registry/shop:2.0) in shop-green: the routing sent 100% to shop-blue")
                    .endsWith("(actor: engine)");
            assertThat(b.get("text").asText()).isEqualTo(":warning: RoutingRepaired " + app + " revision 2: " + message);
            assertThat(b.get("type").asText()).isEqualTo("Warning");
            assertThat(b.get("app").asText()).isEqualTo("shop");
            assertThat(b.get("namespace").asText()).isEqualTo(app.namespace());
            assertThat(b.get("revision").asInt()).isEqualTo(2);
        });
    }

    @Test
    void aMismatchIsPostedOnceWhileItStaysTheSameAndAgainWhenItChanges() {
        notifying();
        coldServingSlotWithTrafficElsewhere();

        for (int i = 0; i < 3; i++) {
            engine.reconcile(app);
        }

        assertThat(posted("RoutingMismatch")).singleElement().satisfies(b -> {
            assertThat(b.get("type").asText()).isEqualTo("Warning");
            assertThat(b.get("revision").asInt()).isEqualTo(2);
            assertThat(b.get("text").asText()).startsWith(":warning: RoutingMismatch " + app + " revision 2: the routing sent 100% to shop-blue")
                    .endsWith("shop-green does not run it available: traffic left as it is (actor: engine)");
        });

        engine.config().routers().create(client, app).setWeight("shop-blue", "shop-green", 30);
        engine.reconcile(app);
        engine.reconcile(app);

        assertThat(posted("RoutingMismatch")).as("a different mismatch is posted once more").hasSize(2).last()
                .satisfies(b -> assertThat(b.get("message").asText()).startsWith("the routing sent 70% to shop-blue and 30% to shop-green"));
        assertThat(posted("RoutingRepaired")).isEmpty();
    }

    @Test
    void withNoRolloutOnRecordAMismatchIsPostedAndAuditedOnce() {
        notifying();
        coldServingSlotWithTrafficElsewhere();
        client.configMaps().inNamespace(app.namespace()).withName(StateStore.name(app)).edit(cm -> {
            cm.getData().remove(StateCodec.ROLLOUT);
            return cm;
        });
        assertThat(engine.status(app).rollout()).isNull();

        for (int i = 0; i < 3; i++) {
            engine.reconcile(app);
        }

        assertThat(posted("RoutingMismatch")).hasSize(1);
        assertThat(auditEvent("RoutingMismatch").getCount()).isEqualTo(1);
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
        assertThat(p.effects()).containsExactly(Progress.Effect.ROUTING_LEFT);
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
