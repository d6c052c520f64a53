package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.RollingWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling update runs in Deployment {@code <app>}, never in a slot: its history entries and its rollout carry no slot, in
 * the state ConfigMap and the status document alike, including state that older versions wrote with one. Slot releases
 * keep theirs.
 */
class SlotlessRollingTest extends ClusterTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void usualRolloutDelay() {
        cluster.deployments().setDelay("shop", Duration.ofMillis(20));
    }

    private RolloutSpec rolling(String image) {
        return RolloutSpec.builder(app.namespace(), app.app(), image).rolling(RollingSpec.defaults()).build();
    }

    private void finish(RolloutSpec spec) {
        Progress p = engine.start(spec, Actor.of("alice"));
        EngineHarness.awaitRevision(client, app, p.state().rollout().revision());
        assertThat(engine.reconcile(app).done()).isTrue();
    }

    private ConfigMap stateConfigMap() {
        return client.configMaps().inNamespace(app.namespace()).withName(app.app() + "-delivery").get();
    }

    private JsonNode persisted(String key) throws Exception {
        return JSON.readTree(stateConfigMap().getData().get(key));
    }

    private static List<String> keysOf(JsonNode entries) {
        List<String> all = new ArrayList<>();
        entries.forEach(e -> e.fieldNames().forEachRemaining(all::add));
        return all;
    }

    /** Replaces the state ConfigMap's data with {@code data}, as an older version left it. */
    private void persistAsOlderVersion(Map<String, String> data) {
        ConfigMap cm = stateConfigMap();
        cm.setData(data);
        client.configMaps().inNamespace(app.namespace()).resource(cm).update();
    }

    @Test
    void aRollingReleaseAndItsRollbackRecordNoSlot() throws Exception {
        finish(rolling("registry/shop:1.0"));
        finish(rolling("registry/shop:2.0"));

        engine.rollback(app, null, new Actor("dave", "break-glass"));
        EngineHarness.awaitRevision(client, app, 3);
        assertThat(engine.reconcile(app).done()).isTrue();

        assertThat(RollingWorkload.image(EngineHarness.deployment(client, app))).isEqualTo("registry/shop:1.0");
        DeliveryState s = engine.status(app);
        assertThat(s.history()).extracting(Release::revision, Release::outcome, Release::slot).containsExactly(
                tuple(1, ReleaseOutcome.DEPLOYED, null), tuple(2, ReleaseOutcome.PROMOTED, null), tuple(3, ReleaseOutcome.ROLLED_BACK, null));
        JsonNode history = persisted(StateCodec.HISTORY);
        assertThat(history).hasSize(3);
        assertThat(keysOf(history)).contains("revision", "image", "strategy").doesNotContain("slot");
        assertThat(persisted(StateCodec.ROLLOUT).has("candidateSlot")).isFalse();
        assertThat(stateConfigMap().getData()).doesNotContainKey(StateCodec.ACTIVE_SLOT);

        Map<String, Object> doc = StatusDocument.of(app, s, null, null);
        assertThat(doc).containsEntry("activeSlot", null);
        assertThat(doc.get("stable")).isEqualTo(Map.of("image", "registry/shop:1.0", "revision", 3));
        assertThat(StatusDocument.releases(s)).hasSize(3).allSatisfy(r -> assertThat(r).doesNotContainKey("slot").containsKey("image"));
    }

    @Test
    void anInProgressRollingUpdateHasNoCandidateSlotAndItsAbortRecordsNone() throws Exception {
        finish(rolling("registry/shop:1.0"));
        cluster.deployments().setDelay("shop", Duration.ofSeconds(30));
        engine.start(rolling("registry/shop:2.0"), Actor.of("alice"));

        assertThat(persisted(StateCodec.ROLLOUT).has("candidateSlot")).isFalse();
        Map<String, Object> doc = StatusDocument.of(app, engine.status(app), null, null);
        assertThat(doc.get("candidate")).isEqualTo(Map.of("image", "registry/shop:2.0", "revision", 2));
        @SuppressWarnings("unchecked")
        Map<String, Object> rollout = (Map<String, Object>) doc.get("rollout");
        assertThat(rollout).doesNotContainKey("candidateSlot").containsEntry("strategy", "rolling");

        engine.abort(app, new Actor("carol", "wrong build"));

        assertThat(RollingWorkload.image(EngineHarness.deployment(client, app))).isEqualTo("registry/shop:1.0");
        assertThat(engine.status(app).history()).extracting(Release::revision, Release::outcome, Release::slot).containsExactly(
                tuple(1, ReleaseOutcome.DEPLOYED, null), tuple(2, ReleaseOutcome.ABORTED, null), tuple(3, ReleaseOutcome.ROLLED_BACK, null));
        assertThat(keysOf(persisted(StateCodec.HISTORY))).doesNotContain("slot");
    }

    @Test
    void rollingStateWrittenWithASlotByAnOlderVersionReadsWithoutItAndRollsBack() throws Exception {
        finish(rolling("registry/shop:1.0"));
        finish(rolling("registry/shop:2.0"));
        persistAsOlderVersion(Map.of(StateCodec.HISTORY, OLD_ROLLING_HISTORY, StateCodec.ROLLOUT, OLD_ROLLING_ROLLOUT));

        DeliveryState s = engine.status(app);
        assertThat(s.history()).extracting(Release::revision, Release::image, Release::slot).containsExactly(
                tuple(1, "registry/shop:1.0", null), tuple(2, "registry/shop:2.0", null));
        assertThat(s.rollout().candidateSlot()).isNull();
        assertThat(StatusDocument.releases(s)).allSatisfy(r -> assertThat(r).doesNotContainKey("slot"));

        engine.rollback(app, 1, new Actor("dave", "break-glass"));
        EngineHarness.awaitRevision(client, app, 3);
        assertThat(engine.reconcile(app).done()).isTrue();

        assertThat(RollingWorkload.image(EngineHarness.deployment(client, app))).isEqualTo("registry/shop:1.0");
        assertThat(engine.status(app).history()).extracting(Release::revision, Release::outcome, Release::slot).containsExactly(
                tuple(1, ReleaseOutcome.DEPLOYED, null), tuple(2, ReleaseOutcome.PROMOTED, null), tuple(3, ReleaseOutcome.ROLLED_BACK, null));
        assertThat(keysOf(persisted(StateCodec.HISTORY))).doesNotContain("slot");
        assertThat(persisted(StateCodec.ROLLOUT).has("candidateSlot")).isFalse();
    }

    @Test
    void slotReleasesKeepTheirSlotsAndARollbackToOneRecordsIt() throws Exception {
        RolloutSpec v1 = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").canary(CanaryStep.setWeight(100)).build();
        Progress p = engine.start(v1, Actor.of("alice"));
        awaitAvailable(client, app, Slot.BLUE);
        assertThat(engine.reconcile(app).done()).isTrue();
        RolloutSpec v2 = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(CanaryStep.setWeight(100)).build();
        p = engine.start(v2, Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        assertThat(engine.reconcile(app).done()).as(p.toString()).isTrue();

        assertThat(engine.rollback(app, 1, new Actor("dave", "break-glass")).done()).isTrue();

        assertThat(engine.status(app).history()).extracting(Release::revision, Release::outcome, Release::slot).containsExactly(
                tuple(1, ReleaseOutcome.DEPLOYED, Slot.BLUE), tuple(2, ReleaseOutcome.PROMOTED, Slot.GREEN),
                tuple(3, ReleaseOutcome.ROLLED_BACK, Slot.BLUE));
        JsonNode history = persisted(StateCodec.HISTORY);
        assertThat(history).extracting(e -> e.get("slot").asText()).containsExactly("BLUE", "GREEN", "BLUE");
        assertThat(persisted(StateCodec.ROLLOUT).get("candidateSlot").asText()).isEqualTo("BLUE");
        assertThat(StatusDocument.releases(engine.status(app))).extracting(r -> r.get("slot")).containsExactly("blue", "green", "blue");
    }

    @Test
    void canaryStateWrittenByAnOlderVersionKeepsItsSlots() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        persistAsOlderVersion(Map.of(StateCodec.ACTIVE_SLOT, "green", StateCodec.HISTORY, OLD_CANARY_HISTORY));

        DeliveryState s = engine.status(app);

        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(s.history()).extracting(Release::revision, Release::slot).containsExactly(tuple(1, Slot.BLUE), tuple(2, Slot.GREEN));
        assertThat(StatusDocument.of(app, s, null, null).get("stable"))
                .isEqualTo(Map.of("slot", "green", "image", "registry/shop:2.0", "revision", 2));
    }

    @Test
    void aRollingAppAfterAnInProgressRolloutWrittenWithASlotFinishesWithoutOne() throws Exception {
        finish(rolling("registry/shop:1.0"));
        RolloutPhase phase = engine.start(rolling("registry/shop:2.0"), Actor.of("alice")).state().rollout().phase();
        assertThat(phase).isEqualTo(RolloutPhase.PROGRESSING);
        String rollout = stateConfigMap().getData().get(StateCodec.ROLLOUT);
        persistAsOlderVersion(Map.of(StateCodec.HISTORY, stateConfigMap().getData().get(StateCodec.HISTORY)
                        .replace("\"image\" :", "\"slot\" : \"BLUE\",\n  \"image\" :"),
                StateCodec.ROLLOUT, rollout.replace("\"phase\" :", "\"candidateSlot\" : \"BLUE\",\n  \"phase\" :")));
        assertThat(stateConfigMap().getData().get(StateCodec.ROLLOUT)).contains("\"candidateSlot\" : \"BLUE\"");

        EngineHarness.awaitRevision(client, app, 2);
        assertThat(engine.reconcile(app).done()).isTrue();

        assertThat(engine.status(app).history()).extracting(Release::revision, Release::slot).containsExactly(tuple(1, null), tuple(2, null));
        assertThat(stateConfigMap().getData().get(StateCodec.HISTORY)).doesNotContain("slot");
        assertThat(stateConfigMap().getData().get(StateCodec.ROLLOUT)).doesNotContain("candidateSlot");
    }

    /** Two rolling releases as versions before slotless rolling releases wrote them: each with slot BLUE, never used. */
    private static final String OLD_ROLLING_HISTORY = """
            [ {
              "revision" : 1,
              "image" : "registry/shop:1.0",
              "slot" : "BLUE",
              "strategy" : "ROLLING",
              "outcome" : "DEPLOYED",
              "at" : "2026-01-05T10:00:00Z",
              "actor" : "alice",
              "comment" : "",
              "rolledBackFrom" : 0,
              "env" : { },
              "committedAt" : null
            }, {
              "revision" : 2,
              "image" : "registry/shop:2.0",
              "slot" : "BLUE",
              "strategy" : "ROLLING",
              "outcome" : "PROMOTED",
              "at" : "2026-01-05T11:00:00Z",
              "actor" : "alice",
              "comment" : "",
              "rolledBackFrom" : 0,
              "env" : { },
              "committedAt" : null
            } ]""";

    private static final String OLD_ROLLING_ROLLOUT = """
            {
              "revision" : 2,
              "strategy" : "ROLLING",
              "spec" : null,
              "image" : "registry/shop:2.0",
              "stableSlot" : null,
              "stableImage" : "registry/shop:1.0",
              "candidateSlot" : "BLUE",
              "phase" : "PROMOTED",
              "stepIndex" : 1,
              "weight" : 100,
              "startedAt" : "2026-01-05T10:55:00Z",
              "stepStartedAt" : "2026-01-05T10:55:00Z",
              "updatedAt" : "2026-01-05T11:00:00Z",
              "rollbackTo" : null,
              "driver" : "jenkins",
              "message" : "promoted; Deployment shop runs registry/shop:2.0 on every replica",
              "events" : [ ],
              "gateResults" : [ ]
            }""";

    /** Two canary releases as older versions wrote them (the line breaks aside), each in its slot. */
    private static final String OLD_CANARY_HISTORY = """
            [ {"revision" : 1, "image" : "registry/shop:1.0", "slot" : "BLUE", "strategy" : "CANARY", "outcome" : "DEPLOYED",
               "at" : "2026-01-05T10:00:00Z", "actor" : "alice", "comment" : "", "rolledBackFrom" : 0, "env" : { }, "committedAt" : null},
              {"revision" : 2, "image" : "registry/shop:2.0", "slot" : "GREEN", "strategy" : "CANARY", "outcome" : "PROMOTED",
               "at" : "2026-01-05T11:00:00Z", "actor" : "alice", "comment" : "", "rolledBackFrom" : 0, "env" : { }, "committedAt" : null} ]""";
}
