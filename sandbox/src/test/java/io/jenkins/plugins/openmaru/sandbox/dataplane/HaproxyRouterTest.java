package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.traffic.OpenShiftRouteRouter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The router on real HAProxy (Debian's haproxy binary): weights, sticky cookies, the canary annotations. */
@EnableKubernetesMockClient(crud = true)
@Tag("slow")
class HaproxyRouterTest {

    static KubernetesClient client;
    /** One HAProxy for the class, as one router serves a cluster; each test has its own namespace and host. */
    private static DataPlane dataPlane;
    private static RouterClient router;

    private String namespace;
    private String host;
    private SandboxObjects objects;

    @BeforeAll
    static void startRouter() {
        dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withHaproxy(RealHaproxy.binary()));
        router = dataPlane.routerClient();
    }

    @AfterAll
    static void stopRouter() {
        dataPlane.close();
    }

    @BeforeEach
    void namespace(TestInfo test) {
        namespace = test.getTestMethod().orElseThrow().getName().toLowerCase();
        host = "shop-" + namespace + ".apps.sandbox";
        objects = new SandboxObjects(client, namespace);
    }

    private RouterClient.Reply get(String host, Optional<String> cookie) {
        return RouterSamples.get(router, host, cookie);
    }

    private Map<String, Long> send(int n, Optional<String> cookie) {
        return RouterSamples.send(router, host, n, cookie);
    }

    private void twoSlots() {
        objects.slot("shop", "blue", "shop:v1");
        objects.slot("shop", "green", "shop:v2");
    }

    /** Until the slots' pods are ready HAProxy has no server for them and answers 503 itself, as OpenShift's router does. */
    private void awaitBothSlotsServe() {
        await().atMost(Duration.ofSeconds(30)).until(() -> send(40, Optional.empty()).keySet().equals(Set.of("shop:v1", "shop:v2")));
    }

    private void awaitWeights(int blue, int green) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dataPlane.routeWeights(host).equals(Map.of("shop-blue", blue, "shop-green", green)));
    }

    private static boolean withinFourSigma(long k, int n, double p) {
        return RouterSamples.withinFourSigma(k, n, p);
    }

    private void annotate(Map<String, String> annotations) {
        client.resources(Route.class).inNamespace(namespace).withName("shop").edit(r -> {
            Map<String, String> all = new HashMap<>(Optional.ofNullable(r.getMetadata().getAnnotations()).orElse(Map.of()));
            all.putAll(annotations);
            r.getMetadata().setAnnotations(all);
            return r;
        });
    }

    @Test
    void theSplitFollowsTheWeights() {
        objects.slot("shop", "blue", "shop:v1", 2, Map.of());
        objects.slot("shop", "green", "shop:v2");
        objects.route("shop", host, 50, 50);
        awaitBothSlotsServe();
        for (int[] w : new int[][] {{90, 10}, {50, 50}, {0, 100}}) {
            objects.reweigh("shop", w[0], w[1]);
            awaitWeights(w[0], w[1]);

            Map<String, Long> served = send(1000, Optional.empty());

            long v2 = served.getOrDefault("shop:v2", 0L);
            assertThat(served.keySet()).as("at %d/%d: %s", w[0], w[1], served).isSubsetOf("shop:v1", "shop:v2");
            assertThat(w[1] == 100 ? v2 == 1000 : withinFourSigma(v2, 1000, w[1] / 100.0)).as("v2 at %d/%d got %s", w[0], w[1], served).isTrue();
        }
        assertThat(dataPlane.routerDescription()).startsWith("HAProxy (2.");
    }

    @Test
    void aStickyCookieKeepsAClientOnTheCanaryAtWeightZeroUnlessTheCanaryAnnotationsAreSet() {
        twoSlots();
        objects.route("shop", host, 50, 50);
        awaitWeights(50, 50);
        awaitBothSlotsServe();
        RouterClient.Reply canary = IntStream.range(0, 20).mapToObj(i -> get(host, Optional.empty()))
                .filter(r -> r.version().equals(Optional.of("shop:v2"))).findFirst().orElseThrow();
        assertThat(canary.cookie()).as("HAProxy's sticky cookie").isPresent();

        objects.reweigh("shop", 100, 0);
        awaitWeights(100, 0);

        assertThat(send(50, canary.cookie())).as("the cookie pins the client to the canary at weight 0")
                .containsExactly(Map.entry("shop:v2", 50L));
        assertThat(send(50, Optional.empty())).containsExactly(Map.entry("shop:v1", 50L));

        annotate(OpenShiftRouteRouter.CANARY_ANNOTATIONS);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(host, Optional.empty()).cookie().isEmpty());

        assertThat(send(50, canary.cookie())).as("with cookies disabled the same client moves to the stable version")
                .containsExactly(Map.entry("shop:v1", 50L));
    }

    @Test
    void haproxyAnswers503WhenEveryWeightIsZeroAndTheFallbackWhenNoRouteClaimsTheHost() {
        objects.slot("shop", "blue", "shop:v1");
        objects.route("shop", host, 0, 0);
        awaitWeights(0, 0);
        // Per host: the class shares one HAProxy, and other tests' 503s may still be on their way from its log.
        long before = dataPlane.unavailable(host);
        long beforeUnknown = dataPlane.unavailable("unknown.apps.sandbox");

        assertThat(send(20, Optional.empty())).containsExactly(Map.entry("503", 20L));
        RouterClient.Reply unknown = get("unknown.apps.sandbox", Optional.empty());
        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.body()).contains("no Route or HTTPRoute for host unknown.apps.sandbox");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(List.of(dataPlane.unavailable(host) - before,
                dataPlane.unavailable("unknown.apps.sandbox") - beforeUnknown)).as("503s the router answered itself, for the Route's host and the unknown one")
                .containsExactly(20L, 1L));
    }

    @Test
    void closingTheDataPlaneStopsHaproxyAndItsWorkers() {
        DataPlane other = DataPlane.start(client, DataPlaneConfig.defaults().withNamespace(namespace).withHaproxy(RealHaproxy.binary()));
        ProcessHandle master = other.haproxyProcess().orElseThrow();
        List<ProcessHandle> workers = master.children().toList();
        assertThat(workers).as("HAProxy's worker").isNotEmpty();

        other.close();

        assertThat(master.isAlive()).isFalse();
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void httpRoutesAreServedBehindHaproxyByTheBuiltinRouter() {
        twoSlots();
        objects.httpRoute("shop", host, 1, 3);
        awaitWeights(1, 3);
        Map<String, Long> served = send(400, Optional.empty());

        assertThat(withinFourSigma(served.get("shop:v2"), 400, 0.75)).as("v2 got %s", served).isTrue();
        assertThat(dataPlane.servedByVersion(host).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
    }
}
