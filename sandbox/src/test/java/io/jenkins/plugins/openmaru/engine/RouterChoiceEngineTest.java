package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.DeploymentController;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

        // The 50 % split has just scaled the candidate slot: the promote is accepted at once and completes
        // on the reconcile that finds the slot available (what the driver does when it sees the decision).
        EngineHarness.engine(cluster, "ui", clock).promote(app, Actor.of("bob"));
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.reconcile(app).done());
        assertThat(engine.status(app).rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(engine.status(app).history()).last().extracting(r -> r.actor()).isEqualTo("bob");
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "green");
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.GREEN))).isEqualTo(4);
        assertThat(route(client, app)).as("an explicit replicas router creates no Route, though the cluster serves them").isNull();
    }

    @Test
    void aPromoteWhileTheRescaledCandidateIsUnavailableIsRecordedAndCompletesWhenItIsAvailable() {
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").canary(CanaryStep.setWeight(100)).replicas(4)
                .router(RouterKind.REPLICAS).build(), Actor.of("t"));
        awaitAvailable(client, app, Slot.BLUE);
        engine.reconcile(app);
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").replicas(4).router(RouterKind.REPLICAS)
                .canary(CanaryStep.setWeight(50), CanaryStep.pause()).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        engine.reconcile(app);
        // Held unavailable, as a slot is between a rescale and its pods being ready.
        setFailReadiness("true");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Availability.isAvailable(slot(client, app, Slot.GREEN)));
        cluster.clearRequests();

        Progress p = EngineHarness.engine(cluster, "ui", clock).promote(app, new Actor("bob", "numbers look fine"));

        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(p.next().deployment()).isEqualTo("shop-green");
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(p.state().rollout().message()).startsWith("promote requested by bob; waiting for shop-green to become available");
        assertThat(p.state().rollout().events()).last().extracting(e -> e.action(), e -> e.actor(), e -> e.comment())
                .containsExactly("promoteRequested", "bob", "numbers look fine");
        assertThat(cluster.requests().stream().filter(ApiRequest::mutating).map(ApiRequest::resourcePath))
                .as("only the decision is written: no Service, Deployment or Lease write")
                .containsExactly("/api/v1/namespaces/" + app.namespace() + "/configmaps/shop-delivery");
        assertThat(service().getSpec().getSelector()).isEqualTo(Map.of(SlotWorkloads.APP_LABEL, "shop"));
        assertThat(engine.reconcile(app).next().kind()).as("still unavailable: the promotion keeps waiting").isEqualTo(Wait.Kind.AVAILABLE);

        setFailReadiness("false");
        awaitAvailable(client, app, Slot.GREEN);
        p = engine.reconcile(app);

        assertThat(p.done()).isTrue();
        assertThat(p.state().history()).last().extracting(r -> r.outcome(), r -> r.actor(), r -> r.comment())
                .containsExactly(ReleaseOutcome.PROMOTED, "bob", "numbers look fine");
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "green");
    }

    /** By hand, as an operator would; the simulated controller writes status meanwhile, so a conflict is tried again. */
    private void setFailReadiness(String value) {
        await().atMost(Duration.ofSeconds(30)).ignoreException(KubernetesClientException.class).until(() -> {
            client.apps().deployments().inNamespace(app.namespace()).withName("shop-green").edit(d -> {
                var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
                List<EnvVar> env = new ArrayList<>(c.getEnv().stream().filter(e -> !e.getName().equals(DeploymentController.FAIL_READINESS_ENV)).toList());
                env.add(new EnvVar(DeploymentController.FAIL_READINESS_ENV, value, null));
                c.setEnv(env);
                return d;
            });
            return true;
        });
    }

    private List<HTTPBackendRef> backendRefs() {
        return client.resources(HTTPRoute.class).inNamespace(app.namespace()).withName("shop").get().getSpec().getRules().get(0).getBackendRefs();
    }

    private Service service() {
        return client.services().inNamespace(app.namespace()).withName(app.app()).get();
    }
}
