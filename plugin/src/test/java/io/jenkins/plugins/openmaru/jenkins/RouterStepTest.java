package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import hudson.AbortException;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.sandbox.DeploymentController;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code router:} on the rollout steps: the object that carries the weight in the API server is the one the step names. */
class RouterStepTest extends SimulatedClusterTest {
    @BeforeEach
    void setUp() {
        f = new DeliveryFixture(cluster);
    }

    private static CanaryRolloutStep canaryVia(String router, String image, List<Map<String, Object>> steps) {
        CanaryRolloutStep s = canary(image, steps);
        s.setRouter(router);
        s.setReplicas(4);
        return s;
    }

    private StepExecution releaseThenPauseAt(String router, int weight, TestStepContext c) throws Exception {
        TestStepContext first = context(new FakeBuild("shop-first", 1), new BuildLog());
        start(canaryVia(router, "registry/shop:1.0", List.of(Map.of("weight", 100))), first);
        first.awaitSuccess(TIMEOUT);
        StepExecution e = start(canaryVia(router, "registry/shop:2.0", List.of(Map.of("weight", weight), Map.of("pause", "manual"))), c);
        awaitStatus(e, "waiting for promote or abort");
        return e;
    }

    @Test
    void aCanaryWithTheGatewayRouterMovesHttpRouteWeightsAndLeavesARouteOfTheSameNameAlone() throws Exception {
        f.client.resources(HTTPRoute.class).inNamespace(f.namespace).resource(new HTTPRouteBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().addNewParentRef().withName("public").endParentRef()
                .addNewRule().addNewBackendRef().withName("shop-blue").withPort(8080).endBackendRef().endRule().endSpec().build()).create();
        // A Route left from before the move to Gateway API: without router: 'gateway' the engine would choose it.
        Route legacy = f.client.resources(Route.class).inNamespace(f.namespace).resource(new RouteBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withNewTo().withKind("Service").withName("shop-blue").withWeight(100).endTo().endSpec().build()).create();
        TestStepContext c = context(new FakeBuild("shop-gw", 2), new BuildLog());

        releaseThenPauseAt("gateway", 30, c);

        assertThat(backendRefs()).extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight)
                .containsExactly(tuple("shop-blue", 70), tuple("shop-green", 30));
        assertThat(httpRoute().getSpec().getParentRefs()).extracting(p -> p.getName()).containsExactly("public");
        assertThat(f.route().getSpec()).as("the Route is left as it was").isEqualTo(legacy.getSpec());

        TestStepContext promote = context(new FakeBuild("shop-promote", 1), new BuildLog());
        start(new PromoteStep("shop"), promote);
        promote.awaitSuccess(TIMEOUT);
        c.awaitSuccess(TIMEOUT);
        assertThat(backendRefs()).extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight).containsExactly(tuple("shop-green", 100));
        assertThat(f.route().getSpec()).isEqualTo(legacy.getSpec());
        assertThat(f.state().rollout().spec().router().label()).isEqualTo("gateway");
    }

    @Test
    void aCanaryWithTheReplicasRouterScalesTheSlotsAndWritesNoRoute() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-replicas", 2), new BuildLog());

        StepExecution e = releaseThenPauseAt("replicas", 50, c);

        assertThat(e.getStatus()).contains("weight 50%");
        assertThat(SlotWorkloads.replicasOf(slot("shop-green"))).isEqualTo(2);
        assertThat(SlotWorkloads.replicasOf(slot("shop-blue"))).isEqualTo(2);
        assertThat(service().getSpec().getSelector()).isEqualTo(Map.of(SlotWorkloads.APP_LABEL, "shop"));
        assertThat(f.route()).as("an explicit replicas router creates no Route, though the cluster serves them").isNull();

        e.stop(new InterruptedException("Aborted by carol"));
        c.awaitFailure(TIMEOUT);
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "blue");
        assertThat(f.state().serving().orElseThrow().outcome()).isEqualTo(ReleaseOutcome.DEPLOYED);
    }

    @Test
    void aPromoteWhileTheRescaledCandidateIsUnavailableWaitsForTheCanarysDriverAndSucceedsWithIt() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-replicas", 2), new BuildLog());
        StepExecution canary = releaseThenPauseAt("replicas", 50, c);
        // Held unavailable, as a slot is between a rescale and its pods being ready.
        setFailReadiness("true");
        await().atMost(TIMEOUT).until(() -> !Availability.isAvailable(slot("shop-green")));
        BuildLog promoteLog = new BuildLog();
        TestStepContext promote = context(new FakeBuild("shop-promote", 7), promoteLog);
        PromoteStep step = new PromoteStep("shop");
        step.setComment("numbers look fine");

        StepExecution e = start(step, promote);

        awaitStatus(e, "promote requested by jenkins:shop-promote#7; waiting for shop-green to become available (deadline ");
        await().atMost(TIMEOUT).until(() -> promoteLog.text().contains("following its progress"));
        assertThat(promote.isDone()).as("the promote is pending, not refused").isFalse();
        assertThat(c.isDone()).isFalse();
        assertThat(service().getSpec().getSelector()).as("no traffic moved yet").isEqualTo(Map.of(SlotWorkloads.APP_LABEL, "shop"));

        setFailReadiness("false");

        promote.awaitSuccess(TIMEOUT);
        c.awaitSuccess(TIMEOUT);
        assertThat(canary.getStatus()).contains("ended PROMOTED");
        assertThat(e.getStatus()).contains("ended PROMOTED");
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "green");
        assertThat(f.state().history()).last().extracting(r -> r.outcome(), r -> r.actor(), r -> r.comment())
                .containsExactly(ReleaseOutcome.PROMOTED, "jenkins:shop-promote#7", "numbers look fine");
        assertThat(promoteLog.text()).doesNotContain("is being driven by");
    }

    @Test
    void anUnknownRouterFailsTheStepNamingTheFieldAndTheAllowedValuesBeforeAnyWrite() throws Exception {
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-bad", 1), new BuildLog());

        CanaryRolloutStep istio = canaryVia("istio", "registry/shop:2.0", List.of(Map.of("weight", 10)));
        assertThatThrownBy(() -> istio.start(c)).isInstanceOf(AbortException.class)
                .hasMessage("router: istio is not allowed; expected route, gateway, replicas or auto");
        BlueGreenRolloutStep blueGreen = new BlueGreenRolloutStep("shop", "registry/shop:2.0");
        blueGreen.setRouter("Routes");
        assertThatThrownBy(() -> blueGreen.start(c)).isInstanceOf(AbortException.class).hasMessageStartingWith("router: Routes is not allowed");
        RollingRolloutStep rolling = new RollingRolloutStep("shop", "registry/shop:2.0");
        rolling.setRouter("gateway");
        assertThatThrownBy(() -> rolling.start(c)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("router: gateway is not allowed; expected auto for a rolling update");
        assertThat(f.writes()).isEmpty();
    }

    @Test
    void autoIsTheDefaultAndChoosesFromTheCluster() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-auto", 1), new BuildLog());
        start(canaryVia("auto", "registry/shop:1.0", List.of(Map.of("weight", 100))), c);
        c.awaitSuccess(TIMEOUT);

        assertThat(f.routeTarget()).as("the simulated cluster serves route.openshift.io").isEqualTo("shop-blue");
        assertThat(f.state().rollout().spec().router()).isNull();
    }

    /** By hand, as an operator would; the simulated controller writes status meanwhile, so a conflict is tried again. */
    private void setFailReadiness(String value) {
        await().atMost(TIMEOUT).ignoreException(KubernetesClientException.class).until(() -> {
            f.client.apps().deployments().inNamespace(f.namespace).withName("shop-green").edit(d -> {
                var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
                List<EnvVar> env = new ArrayList<>(container.getEnv().stream()
                        .filter(v -> !v.getName().equals(DeploymentController.FAIL_READINESS_ENV)).toList());
                env.add(new EnvVar(DeploymentController.FAIL_READINESS_ENV, value, null));
                container.setEnv(env);
                return d;
            });
            return true;
        });
    }

    private HTTPRoute httpRoute() {
        return f.client.resources(HTTPRoute.class).inNamespace(f.namespace).withName("shop").get();
    }

    private List<HTTPBackendRef> backendRefs() {
        return httpRoute().getSpec().getRules().get(0).getBackendRefs();
    }

    private Deployment slot(String name) {
        return f.client.apps().deployments().inNamespace(f.namespace).withName(name).get();
    }

    private Service service() {
        return f.client.services().inNamespace(f.namespace).withName("shop").get();
    }
}
