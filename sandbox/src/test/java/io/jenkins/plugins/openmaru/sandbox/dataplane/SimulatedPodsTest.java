package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@EnableKubernetesMockClient(crud = true)
@Tag("slow")
class SimulatedPodsTest {

    static KubernetesClient client;

    private String namespace;
    private SandboxObjects objects;
    private DataPlane dataPlane;

    @BeforeEach
    void start(TestInfo test) {
        namespace = test.getTestMethod().orElseThrow().getName().toLowerCase();
        objects = new SandboxObjects(client, namespace);
        dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withNamespace(namespace));
    }

    @AfterEach
    void stop() {
        dataPlane.close();
    }

    private URI awaitServing(String app, String slot, String version) {
        URI url = dataPlane.slotUrl(namespace, app, slot);
        await().atMost(Duration.ofSeconds(10)).until(() -> version.equals(SlotHttp.version(SlotHttp.get(url, "/"))));
        return url;
    }

    @Test
    void servesAsTheDeploymentsImageOnAppAndHealthPaths() {
        objects.slot("shop", "blue", "quay.io/acme/shop:v1", 2, Map.of());
        URI url = awaitServing("shop", "blue", "quay.io/acme/shop:v1");

        HttpResponse<String> app = SlotHttp.get(url, "/orders/42");
        HttpResponse<String> health = SlotHttp.get(url, "/health");

        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("shop quay.io/acme/shop:v1");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(SlotHttp.version(health)).isEqualTo("quay.io/acme/shop:v1");
        assertThat(dataPlane.slotUrl(namespace, "shop", "shop-blue")).isEqualTo(url);
        HttpResponse<String> head = SlotHttp.head(url, "/health");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(SlotHttp.version(head)).isEqualTo("quay.io/acme/shop:v1");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void backsTheEnginesSlotEndpoints() {
        objects.slot("shop", "green", "shop:v2");
        URI url = awaitServing("shop", "green", "shop:v2");

        URI endpoint = dataPlane.slotEndpoints().baseUrl(new AppRef(namespace, "shop"), Slot.GREEN, 8080);

        assertThat(endpoint).isEqualTo(url);
        assertThat(SlotHttp.version(SlotHttp.get(endpoint, "/health"))).isEqualTo("shop:v2");
    }

    @Test
    void spreadsRequestsOverTheReplicas() {
        objects.slot("shop", "blue", "shop:v1", 3, Map.of());
        URI url = awaitServing("shop", "blue", "shop:v1");

        long pods = IntStream.range(0, 9).mapToObj(i -> SlotHttp.get(url, "/").body())
                .map(body -> body.substring(body.indexOf("(pod ")))
                .distinct().count();

        assertThat(pods).isEqualTo(3);
    }

    @Test
    void errorRateGivesThatFractionOfServerErrors() {
        objects.slot("shop", "green", "shop:v3", 1, Map.of(PodBehaviour.ERROR_RATE, "0.3"));
        URI url = dataPlane.slotUrl(namespace, "shop", "green");
        await().atMost(Duration.ofSeconds(10)).until(() -> SlotHttp.version(SlotHttp.get(url, "/")) != null);
        int n = 1000;

        long errors = IntStream.range(0, n).map(i -> SlotHttp.get(url, "/").statusCode()).filter(s -> s >= 500).count();

        double sigma = Math.sqrt(0.3 * 0.7 / n);
        assertThat((double) errors / n).isBetween(0.3 - 4 * sigma, 0.3 + 4 * sigma);
    }

    @Test
    void failingReadinessFailsTheHealthPathAndKeepsThePodOutOfTheRoute() {
        objects.slot("shop", "green", "shop:v2", 1, Map.of(PodBehaviour.FAIL_READINESS, "true"));
        objects.route("shop", "shop.apps.sandbox", 0, 100);
        URI url = awaitServing("shop", "green", "shop:v2");

        assertThat(SlotHttp.get(url, "/health").statusCode()).isEqualTo(503);
        assertThat(SlotHttp.get(url, "/").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !dataPlane.routeWeights("shop.apps.sandbox").isEmpty());
        RouterClient.Reply reply = route("shop.apps.sandbox");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).contains("Route " + namespace + "/shop has no ready endpoint");
    }

    @Test
    void healthCheckUrlEnvMovesTheHealthPath() {
        objects.slot("shop", "blue", "shop:v1", 1,
                Map.of(PodBehaviour.HEALTH_CHECK_URL, "http://localhost:8080/actuator/health", PodBehaviour.FAIL_READINESS, "true"));
        URI url = awaitServing("shop", "blue", "shop:v1");

        assertThat(SlotHttp.get(url, "/actuator/health").statusCode()).isEqualTo(503);
        assertThat(SlotHttp.get(url, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryAnswer() {
        objects.slot("shop", "blue", "shop:v1", 1, Map.of(PodBehaviour.LATENCY_MS, "250"));
        URI url = awaitServing("shop", "blue", "shop:v1");

        long start = System.nanoTime();
        SlotHttp.get(url, "/");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void podsFollowANewImageAndScaleToZero() {
        objects.slot("shop", "blue", "shop:v1", 1, Map.of());
        URI url = awaitServing("shop", "blue", "shop:v1");

        objects.redeploy("shop", "blue", "shop:v2", 1, Map.of());
        awaitServing("shop", "blue", "shop:v2");
        objects.redeploy("shop", "blue", "shop:v2", 0, Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> SlotHttp.get(url, "/").statusCode() == 503);
        assertThat(SlotHttp.version(SlotHttp.get(url, "/"))).isNull();
    }

    @Test
    void aSlotUrlExistsBeforeItsDeploymentAndAnswers503() {
        URI url = dataPlane.slotUrl(namespace, "shop", "green");

        assertThat(SlotHttp.get(url, "/").statusCode()).isEqualTo(503);
        objects.slot("shop", "green", "shop:v2");
        awaitServing("shop", "green", "shop:v2");
    }

    @Test
    void aDeploymentWithBadSandboxEnvServesNothing() {
        objects.slot("shop", "blue", "shop:v1", 1, Map.of(PodBehaviour.ERROR_RATE, "lots"));
        objects.slot("shop", "green", "shop:v2");
        awaitServing("shop", "green", "shop:v2");

        assertThat(SlotHttp.get(dataPlane.slotUrl(namespace, "shop", "blue"), "/").statusCode()).isEqualTo(503);
    }

    private RouterClient.Reply route(String host) {
        try {
            return dataPlane.routerClient().get(host, "/");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
