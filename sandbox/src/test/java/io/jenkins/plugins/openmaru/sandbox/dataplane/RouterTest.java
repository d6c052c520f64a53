package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.Route;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@EnableKubernetesMockClient(crud = true)
@Tag("slow")
class RouterTest {

    static KubernetesClient client;

    private static final String HOST = "shop.apps.sandbox";

    private String namespace;
    private SandboxObjects objects;
    private DataPlane dataPlane;
    private RouterClient router;

    @BeforeEach
    void start(TestInfo test) {
        namespace = test.getTestMethod().orElseThrow().getName().toLowerCase();
        objects = new SandboxObjects(client, namespace);
        dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withNamespace(namespace));
        router = dataPlane.routerClient();
    }

    @AfterEach
    void stop() {
        dataPlane.close();
    }

    private RouterClient.Reply get(String host) {
        return RouterSamples.get(router, host, Optional.empty());
    }

    private Map<String, Long> send(String host, int n) {
        return RouterSamples.send(router, host, n, Optional.empty());
    }

    private void twoSlots() {
        objects.slot("shop", "blue", "shop:v1");
        objects.slot("shop", "green", "shop:v2");
    }

    private void awaitWeights(int blue, int green) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dataPlane.routeWeights(HOST).equals(Map.of("shop-blue", blue, "shop-green", green)));
    }

    private void awaitBothServing() {
        await().atMost(Duration.ofSeconds(10)).until(() -> send(HOST, 10).keySet().containsAll(java.util.Set.of("shop:v1", "shop:v2")));
    }

    private static boolean withinFourSigma(long k, int n, double p) {
        return RouterSamples.withinFourSigma(k, n, p);
    }

    @Test
    void splitsByRouteWeights() {
        twoSlots();
        objects.route("shop", HOST, 20, 80);
        awaitWeights(20, 80);
        awaitBothServing();

        Map<String, Long> served = send(HOST, 1000);

        assertThat(served.keySet()).containsExactly("shop:v1", "shop:v2");
        assertThat(withinFourSigma(served.get("shop:v2"), 1000, 0.8)).as("v2 got %s", served).isTrue();
    }

    @Test
    void randomBalanceAlsoFollowsTheWeights() {
        twoSlots();
        objects.route("shop", HOST, 30, 70);
        client.resources(Route.class).inNamespace(namespace).withName("shop")
                .edit(r -> { r.getMetadata().setAnnotations(Map.of(OpenShiftRouteRules.BALANCE_ANNOTATION, "random")); return r; });
        awaitBothServing();

        Map<String, Long> served = send(HOST, 1000);

        assertThat(withinFourSigma(served.get("shop:v2"), 1000, 0.7)).as("v2 got %s", served).isTrue();
    }

    @Test
    void weightChangesApplyWithoutRestart() {
        twoSlots();
        objects.route("shop", HOST, 100, 0);
        awaitWeights(100, 0);
        assertThat(send(HOST, 50)).containsExactly(Map.entry("shop:v1", 50L));

        objects.reweigh("shop", 50, 50);
        awaitWeights(50, 50);
        Map<String, Long> half = send(HOST, 1000);
        objects.reweigh("shop", 0, 100);
        awaitWeights(0, 100);

        assertThat(withinFourSigma(half.get("shop:v2"), 1000, 0.5)).as("v2 got %s", half).isTrue();
        assertThat(send(HOST, 200)).containsExactly(Map.entry("shop:v2", 200L));
    }

    @Test
    void aServiceWithMoreReplicasKeepsItsShare() {
        objects.slot("shop", "blue", "shop:v1", 4, Map.of());
        objects.slot("shop", "green", "shop:v2", 1, Map.of());
        objects.route("shop", HOST, 50, 50);
        awaitWeights(50, 50);
        await().atMost(Duration.ofSeconds(10)).until(() -> send(HOST, 10).size() == 2);

        Map<String, Long> served = send(HOST, 1000);

        assertThat(withinFourSigma(served.get("shop:v2"), 1000, 0.5)).as("v2 got %s", served).isTrue();
    }

    @Test
    void aServiceSelectingBothSlotsSplitsByReadyReplicas() {
        objects.slot("shop", "blue", "shop:v1", 3, Map.of());
        objects.slot("shop", "green", "shop:v2", 1, Map.of());
        client.services().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withSelector(Map.of(PodLabels.APP_LABEL, "shop")).addNewPort().withPort(8080).endPort().endSpec()
                .build()).create();
        client.resources(Route.class).inNamespace(namespace).resource(new io.fabric8.openshift.api.model.RouteBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withHost(HOST).withNewTo().withKind("Service").withName("shop").endTo().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> send(HOST, 8).size() == 2);

        assertThat(send(HOST, 400)).as("1 of 4 ready endpoints runs v2")
                .containsExactly(Map.entry("shop:v1", 300L), Map.entry("shop:v2", 100L));
    }

    @Test
    void answers503WithoutABackend() {
        objects.slot("shop", "blue", "shop:v1");
        objects.route("shop", HOST, 0, 0);
        awaitWeights(0, 0);

        assertThat(send(HOST, 20)).containsExactly(Map.entry("503", 20L));
        assertThat(get("unknown.apps.sandbox").body()).contains("no Route or HTTPRoute for host unknown.apps.sandbox");
        objects.reweigh("shop", 0, 100);
        awaitWeights(0, 100);
        assertThat(send(HOST, 20)).as("the green slot has no Deployment").containsExactly(Map.entry("503", 20L));
        assertThat(dataPlane.unavailable()).isEqualTo(41);
    }

    @Test
    void hostMatchingIgnoresCaseAndPort() {
        objects.slot("shop", "blue", "shop:v1");
        objects.route("shop", HOST, 100, 0);
        awaitWeights(100, 0);

        assertThat(get("Shop.Apps.Sandbox:8080").version()).contains("shop:v1");
    }

    @Test
    void aRouteWithoutHostIsServedAtOpenShiftsDefaultHost() {
        objects.slot("shop", "blue", "shop:v1");
        client.resources(Route.class).inNamespace(namespace).resource(new io.fabric8.openshift.api.model.RouteBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withNewTo().withKind("Service").withName("shop-blue").endTo().endSpec().build()).create();
        String host = "shop-" + namespace + ".apps.sandbox";
        await().atMost(Duration.ofSeconds(10)).until(() -> dataPlane.hosts().contains(host));

        assertThat(dataPlane.routeWeights(host)).as("default weight").containsExactly(Map.entry("shop-blue", 100));
        assertThat(get(host).version()).contains("shop:v1");
    }

    @Test
    void splitsByHttpRouteWeights() {
        twoSlots();
        objects.httpRoute("shop", HOST, 1, 3);
        awaitWeights(1, 3);
        awaitBothServing();

        Map<String, Long> served = send(HOST, 1000);

        assertThat(withinFourSigma(served.get("shop:v2"), 1000, 0.75)).as("v2 got %s", served).isTrue();
    }

    @Test
    void countsWhatTheRouterServedPerVersion() {
        twoSlots();
        objects.route("shop", HOST, 50, 50);
        awaitWeights(50, 50);
        awaitBothServing();
        Map<String, Long> before = dataPlane.servedByVersion(HOST);

        Map<String, Long> served = send(HOST, 100);

        Map<String, Long> after = dataPlane.servedByVersion(HOST);
        assertThat(after.get("shop:v1") - before.get("shop:v1")).isEqualTo(served.get("shop:v1"));
        assertThat(after.get("shop:v2") - before.get("shop:v2")).isEqualTo(served.get("shop:v2"));
    }
}
