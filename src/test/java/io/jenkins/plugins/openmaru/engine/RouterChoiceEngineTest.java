package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine drives each router it can choose, and a fresh engine keeps the choice. */
class RouterChoiceEngineTest extends ClusterTestBase {

    @Test
    void blueGreenOverAnExistingHttpRouteSwitchesItsBackendRefs() {
        client.resources(HTTPRoute.class).inNamespace(app.namespace()).resource(new HTTPRouteBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().addNewParentRef().withName("public").endParentRef()
                .addNewRule().addNewBackendRef().withName("shop-blue").withPort(8080).endBackendRef().endRule().endSpec().build()).create();
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").blueGreen(BlueGreenSpec.defaults()).build(), Actor.of("t"));
        awaitAvailable(client, app, Slot.BLUE);
        assertThat(engine.reconcile(app).done()).isTrue();

        Progress p = engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").blueGreen(BlueGreenSpec.defaults()).build(),
                Actor.of("alice"));
        assertThat(p.state().rollout().events()).extracting(e -> e.detail())
                .contains("gateway (HTTPRoute " + app.namespace() + "/shop exists)");
        awaitAvailable(client, app, Slot.GREEN);
        engine.reconcile(app);
        assertThat(backendRefs()).extracting(HTTPBackendRef::getName).containsExactly("shop-blue");

        engine.promote(app, Actor.of("bob"));

        assertThat(backendRefs()).extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight).containsExactly(tuple("shop-green", 100));
        assertThat(route(client, app)).as("no Route on a Gateway API app").isNull();
    }

    @Test
    void aCanaryOverReplicasSplitsPodsAndAFreshEngineKeepsTheExplicitRouter() {
        RolloutSpec.Builder base = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0")
                .canary(CanaryStep.setWeight(100)).replicas(4).router(RouterKind.REPLICAS);
        engine.start(base.build(), Actor.of("t"));
        awaitAvailable(client, app, Slot.BLUE);
        engine.reconcile(app);

        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").replicas(4).router(RouterKind.REPLICAS)
                .canary(CanaryStep.setWeight(50), CanaryStep.pause()).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        Progress p = EngineHarness.engine(cluster, "test-engine", clock).reconcile(app);

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(service().getSpec().getSelector()).isEqualTo(Map.of(SlotWorkloads.APP_LABEL, "shop"));
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).isEqualTo(2);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).isEqualTo(2);

        // The 50 % split just scaled the candidate slot; promotion waits for it to be available again.
        awaitAvailable(client, app, Slot.GREEN);
        EngineHarness.engine(cluster, "ui", clock).promote(app, Actor.of("bob"));
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "green");
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).isEqualTo(4);
        assertThat(route(client, app)).as("an explicit replicas router creates no Route, though the cluster serves them").isNull();
    }

    private java.util.List<HTTPBackendRef> backendRefs() {
        return client.resources(HTTPRoute.class).inNamespace(app.namespace()).withName("shop").get().getSpec().getRules().get(0).getBackendRefs();
    }

    private Service service() {
        return client.services().inNamespace(app.namespace()).withName(app.app()).get();
    }
}
