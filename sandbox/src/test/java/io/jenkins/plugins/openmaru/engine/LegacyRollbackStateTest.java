package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rollback written by an older version recorded no strategy (its target, a rollback entry itself, had none): it reads as
 * a rollback of a slot-served app, so the status document, {@code reconcile} and {@code abort} handle it like a new one.
 */
class LegacyRollbackStateTest extends ClusterTestBase {

    /** Revision 1 in blue, revision 2 promoted into green, as this version deploys them. */
    private void twoReleases() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(CanaryStep.setWeight(100)).build(),
                Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        assertThat(engine.reconcile(app).done()).isTrue();
    }

    /** Replaces the state ConfigMap's data with what an older version left: a rollback to revision 3 in progress. */
    private void persistAsOlderVersion() {
        ConfigMap cm = client.configMaps().inNamespace(app.namespace()).withName(StateStore.name(app)).get();
        cm.setData(Map.of(StateCodec.ACTIVE_SLOT, "green", StateCodec.HISTORY, OLD_HISTORY, StateCodec.ROLLOUT, OLD_ROLLBACK));
        client.configMaps().inNamespace(app.namespace()).resource(cm).update();
    }

    @Test
    void anInProgressRollbackWithoutAStrategyReadsAsARollbackAndCanBeAborted() {
        twoReleases();
        persistAsOlderVersion();

        DeliveryState s = engine.status(app);
        assertThat(s.rollout().isRollback()).isTrue();
        Map<String, Object> doc = StatusDocument.of(app, s, null, null);
        assertThat(doc).containsEntry("strategy", "rollback").containsEntry("phase", "ROLLING_BACK");

        Progress aborted = engine.abort(app, new Actor("carol", "not now"));

        assertThat(aborted.done()).isTrue();
        assertThat(aborted.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(engine.status(app).serving()).get().extracting(Release::revision, Release::outcome).containsExactly(4, ReleaseOutcome.PROMOTED);
    }

    /** Revisions 1 and 2 as deployed; 3 a rollback to 1 and 4 a canary of 2 again, written when rollbacks recorded no strategy. */
    private static final String OLD_HISTORY = """
            [ {"revision" : 1, "image" : "registry/shop:1.0", "slot" : "BLUE", "strategy" : "CANARY", "outcome" : "DEPLOYED",
               "at" : "2026-01-05T10:00:00Z", "actor" : "alice", "comment" : "", "rolledBackFrom" : 0, "env" : { }},
              {"revision" : 2, "image" : "registry/shop:2.0", "slot" : "GREEN", "strategy" : "CANARY", "outcome" : "PROMOTED",
               "at" : "2026-01-05T11:00:00Z", "actor" : "alice", "comment" : "", "rolledBackFrom" : 0, "env" : { }},
              {"revision" : 3, "image" : "registry/shop:1.0", "slot" : "BLUE", "outcome" : "ROLLED_BACK",
               "at" : "2026-01-05T12:00:00Z", "actor" : "dave", "comment" : "", "rolledBackFrom" : 2, "env" : { }},
              {"revision" : 4, "image" : "registry/shop:2.0", "slot" : "GREEN", "strategy" : "CANARY", "outcome" : "PROMOTED",
               "at" : "2026-01-05T13:00:00Z", "actor" : "alice", "comment" : "", "rolledBackFrom" : 0, "env" : { }} ]""";

    /** A rollback to revision 3 waiting for slot blue, without a strategy (its target had none). */
    static final String OLD_ROLLBACK = """
            {
              "revision" : 5,
              "spec" : null,
              "image" : "registry/shop:1.0",
              "stableSlot" : "GREEN",
              "stableImage" : "registry/shop:2.0",
              "candidateSlot" : "BLUE",
              "phase" : "ROLLING_BACK",
              "stepIndex" : 0,
              "weight" : 0,
              "startedAt" : "2026-01-05T14:00:00Z",
              "rollbackTo" : 3,
              "driver" : "jenkins:shop#9",
              "message" : "rolling back to revision 3 (registry/shop:1.0)",
              "events" : [ ],
              "gateResults" : [ ]
            }""";
}
