package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
@Tag("slow")
class TrafficGeneratorTest {

    static KubernetesClient client;

    private static boolean trafficThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("openmaru-traffic"));
    }

    @Test
    void sendsTheConfiguredRateToEveryRouteHostAndStopsWithTheDataPlane() {
        SandboxObjects objects = new SandboxObjects(client, "traffic");
        objects.slot("shop", "blue", "shop:v1");
        objects.slot("cart", "blue", "cart:v1");
        objects.route("shop", "shop.apps.sandbox", 100, 0);
        objects.route("cart", "cart.apps.sandbox", 100, 0);
        long start = System.nanoTime();

        try (DataPlane dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withNamespace("traffic").withTrafficRps(20))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> dataPlane.servedByVersion("shop.apps.sandbox").getOrDefault("shop:v1", 0L) >= 30
                    && dataPlane.servedByVersion("cart.apps.sandbox").getOrDefault("cart:v1", 0L) >= 30);
            double seconds = (System.nanoTime() - start) / 1e9;
            long shop = dataPlane.servedByVersion("shop.apps.sandbox").get("shop:v1");

            assertThat(shop).as("at most 20 per second over %.1f s", seconds).isLessThanOrEqualTo((long) (20 * seconds) + 2);
            assertThat(dataPlane.servedByVersion()).containsOnlyKeys("shop:v1", "cart:v1");
            assertThat(dataPlane.syntheticRequestsSent()).isGreaterThanOrEqualTo(60);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> !trafficThreadsAlive());
    }

    @Test
    void sendsNothingByDefault() {
        SandboxObjects objects = new SandboxObjects(client, "quiet");
        objects.slot("shop", "blue", "shop:v1");
        objects.route("shop", "shop.apps.sandbox", 100, 0);

        try (DataPlane dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withNamespace("quiet"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> dataPlane.routeWeights("shop.apps.sandbox").equals(Map.of("shop-blue", 100, "shop-green", 0)));

            assertThat(dataPlane.syntheticRequestsSent()).isZero();
            assertThat(dataPlane.servedByVersion()).isEmpty();
        }
    }
}
