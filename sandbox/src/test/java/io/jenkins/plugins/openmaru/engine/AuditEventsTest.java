package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.jenkins.plugins.openmaru.engine.audit.AuditTrail;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions are also core/v1 Events on the state ConfigMap, with actor and comment; repeated ones are aggregated by count. */
class AuditEventsTest extends ClusterTestBase {

    private List<Event> events() {
        return client.v1().events().inNamespace(app.namespace()).list().getItems().stream()
                .filter(e -> e.getMetadata().getName().startsWith("shop-delivery.r2.")).toList();
    }

    private Progress canaryOf5Weights() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        Progress p = engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(
                CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(20), CanaryStep.pause(Duration.ofMinutes(1)),
                CanaryStep.setWeight(30), CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(40), CanaryStep.pause(Duration.ofMinutes(1)),
                CanaryStep.setWeight(50), CanaryStep.pause(Duration.ofMinutes(1))).build(), new Actor("alice", "release 2.0 for the campaign"));
        awaitAvailable(client, app, Slot.GREEN);
        p = engine.reconcile(app);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            p = engine.reconcile(app);
        }
        return p;
    }

    @Test
    void aCanaryPromotedByAPersonLeavesOneEventPerDecisionAndTheWeightChangesAggregated() {
        canaryOf5Weights();
        engine.promote(app, new Actor("bob", "metrics look fine"));

        assertThat(events()).extracting(e -> e.getReason(), e -> e.getType(), e -> e.getCount()).containsExactlyInAnyOrder(
                tuple("RolloutStarted", "Normal", 1), tuple("WeightChanged", "Normal", 5), tuple("Promoted", "Normal", 1));
        Event started = client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, "RolloutStarted")).get();
        assertThat(started.getMessage()).isEqualTo("canary of registry/shop:2.0 into shop-green (actor: alice, comment: release 2.0 for the campaign)");
        assertThat(started.getInvolvedObject().getKind() + "/" + started.getInvolvedObject().getName()).isEqualTo("ConfigMap/shop-delivery");
        assertThat(started.getSource().getComponent()).isEqualTo("openmaru-delivery");
        assertThat(started.getReportingInstance()).isEqualTo("test-engine");
        Event weights = client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, "WeightChanged")).get();
        assertThat(weights.getMessage()).as("the latest weight change").isEqualTo("50% to shop-green (actor: engine)");
        assertThat(weights.getLastTimestamp()).isNotEqualTo(weights.getFirstTimestamp());
        Event promoted = client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, "Promoted")).get();
        assertThat(promoted.getMessage()).startsWith("shop-green serves 100%").endsWith("(actor: bob, comment: metrics look fine)");
    }

    @Test
    void anAbortAndARollbackAreWarnings() {
        canaryOf5Weights();
        engine.abort(app, new Actor("carol", "error budget burning"));

        assertThat(events()).filteredOn(e -> e.getReason().equals("Aborted")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).startsWith("by carol: error budget burning; shop-blue serves 100%").endsWith("(actor: carol, comment: error budget burning)");
        });
    }
}
