package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state ConfigMap as an operator reads it with {@code oc get cm <app>-delivery -o yaml}. */
class StateStoreTest extends ClusterTestBase {

    @Test
    void theStateConfigMapHoldsReadableKeysAndRoundTripsTheSpec() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(10), CanaryStep.analysis(AnalysisPolicy.DEFAULT, List.of(GateSpec.http("/health", 0.95))),
                        CanaryStep.pause(Duration.ofMinutes(2)), CanaryStep.pause())
                .scaleDownDelay(Duration.ofMinutes(3)).build();
        // the start leaves the rollout waiting for its candidate (held unavailable): its analysis would fail, no slot answers here
        Runnable green = EngineHarness.holdUnavailable(cluster, app, Slot.GREEN);
        new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(new GateFactory(GateCredentials.NONE)))
                .start(spec, new Actor("alice", "release 2.0"));
        green.run();
        awaitAvailable(client, app, Slot.GREEN);

        ConfigMap cm = client.configMaps().inNamespace(app.namespace()).withName(app.app() + "-delivery").get();
        assertThat(cm.getMetadata().getLabels()).containsEntry("delivery.openmaru.io/app", "shop");
        assertThat(cm.getMetadata().getAnnotations()).containsEntry(StateStore.FORMAT_ANNOTATION, "1");
        assertThat(cm.getData()).containsEntry("active-slot", "blue").containsKeys("history.json", "rollout.json");
        assertThat(cm.getData().get("rollout.json")).contains("\"phase\" : \"PROGRESSING\"").contains("\"type\" : \"analysis\"")
                .contains("\"actor\" : \"alice\"").contains("release 2.0").contains("PT3M");
        assertThat(cm.getData().get("history.json")).contains("\"outcome\" : \"DEPLOYED\"");

        assertThat(new StateStore(client).load(app).state().rollout().spec()).isEqualTo(spec);
    }

    @Test
    void aWriteWhoseAnswerWasLostIsItsOwnSuccessNotAConflict() {
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(cluster.config("state-test")).withMasterUrl(proxy.url()).build())) {
            proxy.rules().add(FaultRule.on("POST", ".*/configmaps", new FaultRule.ResetAfter()))
                    .add(FaultRule.on("PUT", ".*/configmaps/shop-delivery", new FaultRule.ResetAfter()));
            StateStore store = new StateStore(proxied);
            DeliveryState first = DeliveryState.EMPTY.withActiveSlot(Slot.BLUE);

            StateStore.Snapshot created = store.save(app, first, null);
            StateStore.Snapshot updated = store.save(app, first.withActiveSlot(Slot.GREEN), created.resourceVersion());

            assertThat(proxy.rules().hits(0)).isEqualTo(1);
            assertThat(proxy.rules().hits(1)).isEqualTo(1);
            StateStore.Snapshot read = new StateStore(client).load(app);
            assertThat(read.resourceVersion()).isEqualTo(updated.resourceVersion());
            assertThat(read.state().activeSlot()).isEqualTo(Slot.GREEN);
            assertThat(store.wrote(updated.resourceVersion())).isTrue();
        }
    }
}
