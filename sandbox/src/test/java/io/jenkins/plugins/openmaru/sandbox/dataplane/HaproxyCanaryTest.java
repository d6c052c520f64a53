package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.traffic.OpenShiftRouteRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The engine's canary, promote, abort and rollback through real HAProxy. */
@Tag("slow")
class HaproxyCanaryTest {

    private static final String BALANCE = OpenShiftRouteRouter.CANARY_ANNOTATIONS.keySet().stream()
            .filter(k -> k.endsWith("/balance")).findFirst().orElseThrow();

    /** How long each switch holds before the weights change again, with requests checked against it. */
    private static final Duration HOLD = Duration.ofMillis(150);

    private SimulatedOpenShift cluster;
    private KubernetesClient client;
    private DataPlane dataPlane;
    private RolloutEngine engine;
    private ScheduledExecutorService scheduler;
    private AppRef app;
    private String host;
    private int version;

    @BeforeEach
    void start(TestInfo test) {
        cluster = SimulatedOpenShift.start(Duration.ofMillis(20));
        client = cluster.newClient();
        dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withHaproxy(RealHaproxy.binary()));
        engine = new RolloutEngine(client, EngineConfig.of("test:haproxy").withEndpoints(dataPlane.slotEndpoints()));
        scheduler = Executors.newScheduledThreadPool(2);
        app = new AppRef(test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 12), "shop");
        host = "shop-" + app.namespace() + "." + DataPlaneConfig.DEFAULT_ROUTE_DOMAIN;
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        dataPlane.close();
        client.close();
        cluster.close();
    }

    private RolloutSpec spec(CanaryStep... steps) {
        return RolloutSpec.builder(app.namespace(), app.app(), "shop:v" + ++version).scaleDownDelay(Duration.ofMinutes(5)).canary(steps).build();
    }

    private void deploy() throws Exception {
        engine.start(spec(CanaryStep.setWeight(100)), Actor.of("test"));
        new RolloutDriver(engine, scheduler).drive(app, p -> { }).done().get(30, TimeUnit.SECONDS);
    }

    /** Starts a canary of the next version and returns once it is paused at {@code weight} % and HAProxy applies that. */
    private void canaryPausedAt(int weight) {
        engine.start(spec(CanaryStep.setWeight(weight), CanaryStep.pause()), Actor.of("test"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> engine.reconcile(app).state().rollout().phase() == RolloutPhase.PAUSED);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> dataPlane.routeWeights(host).values().stream().filter(w -> w > 0).count() == 2);
    }

    private Map<String, String> annotations() {
        Route route = client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
        return Optional.ofNullable(route.getMetadata().getAnnotations()).orElse(Map.of());
    }

    private RouterClient.Reply get(Optional<String> cookie) {
        return RouterSamples.get(dataPlane.routerClient(), host, cookie);
    }

    /** The image the active slot runs, once HAProxy sends it all traffic. */
    private String awaitServingAlone() {
        String service = engine.status(app).activeSlot().resourceName(app.app());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Map<String, Integer> weights = dataPlane.routeWeights(host);
            return weights.getOrDefault(service, 0) > 0
                    && weights.entrySet().stream().allMatch(e -> e.getKey().equals(service) || e.getValue() == 0);
        });
        return client.apps().deployments().inNamespace(app.namespace()).withName(service).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void theCanaryAnnotationsUnpinCookieHoldersAndTheSavedOnesComeBackAfterAbortAndPromote() throws Exception {
        deploy();
        client.resources(Route.class).inNamespace(app.namespace()).withName(app.app())
                .edit(r -> {
                    r.getMetadata().setAnnotations(new HashMap<>(Map.of(BALANCE, "leastconn")));
                    return r;
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> get(Optional.empty()).cookie().isPresent());
        Optional<String> stableCookie = get(Optional.empty()).cookie();
        Map<String, String> before = annotations();
        canaryPausedAt(50);
        Map<String, Long> cookieHolder = RouterSamples.send(dataPlane.routerClient(), host, 40, stableCookie);
        RouterClient.Reply during = get(Optional.empty());
        engine.abort(app, Actor.of("test"));
        String afterAbort = awaitServingAlone();
        Map<String, String> annotationsAfterAbort = annotations();
        Optional<String> cookieAfterAbort = get(Optional.empty()).cookie();
        canaryPausedAt(50);
        engine.promote(app, Actor.of("test"));
        String afterPromote = awaitServingAlone();

        assertThat(cookieHolder).as("a client holding a cookie for a stable pod is balanced, not pinned, during the canary")
                .containsOnlyKeys("shop:v1", "shop:v2");
        assertThat(during.cookie()).as("no sticky cookie during the canary").isEmpty();
        assertThat(afterAbort).isEqualTo("shop:v1");
        assertThat(annotationsAfterAbort).isEqualTo(before);
        assertThat(cookieAfterAbort).as("cookies are back after the abort").isPresent();
        assertThat(afterPromote).isEqualTo("shop:v3");
        assertThat(annotations()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(Optional.empty()).cookie().isPresent());
    }

    /** One promote, abort or rollback: when its Route write started, when HAProxy applied it, until the next change of weights. */
    private record Switch(long written, long applied, long until, String expected) {
        Switch until(long end) {
            return new Switch(written, applied, end, expected);
        }
    }

    /** The weights are about to change again: the last switch, unless already ended, held until now. */
    private static void endLast(List<Switch> switches) {
        if (!switches.isEmpty() && switches.get(switches.size() - 1).until() == Long.MAX_VALUE) {
            switches.set(switches.size() - 1, switches.get(switches.size() - 1).until(System.nanoTime()));
        }
    }

    @Test
    void twentySwitchesUnderSteadyLoadFailNoRequest() throws Exception {
        deploy();
        awaitServingAlone();
        List<Switch> switches = new ArrayList<>();
        List<SteadyLoad.Request> requests;
        try (SteadyLoad load = new SteadyLoad(dataPlane.routerClient(), host, 4)) {
            for (int round = 0; switches.size() < 20; round++) {
                endLast(switches);
                canaryPausedAt(30);
                List<Callable<?>> ops = round % 2 == 0
                        ? List.of(() -> engine.abort(app, Actor.of("test")))
                        : List.of(() -> engine.promote(app, Actor.of("test")), () -> engine.rollback(app, null, Actor.of("test")));
                for (Callable<?> op : ops) {
                    endLast(switches);
                    long written = System.nanoTime();
                    op.call();
                    String expected = awaitServingAlone();
                    switches.add(new Switch(written, System.nanoTime(), Long.MAX_VALUE, expected));
                    Thread.sleep(HOLD.toMillis());
                }
            }
            endLast(switches);
            load.close();
            requests = load.requests();
        }
        long failed = requests.stream().filter(SteadyLoad.Request::failed).count();
        // requests that start once HAProxy has applied a switch must all reach the version it switched to
        long wrong = switches.stream().mapToLong(s -> requests.stream()
                .filter(r -> r.start() >= s.applied() && r.start() < s.until())
                .filter(r -> !r.version().equals(Optional.of(s.expected()))).count()).sum();
        System.out.printf("HAProxy: %d switches (promote, abort, rollback) under steady load: %d requests sent, %d failed, "
                + "%d served by the wrong version after the switch applied%n", switches.size(), requests.size(), failed, wrong);

        assertThat(failed).as("failed of %d requests", requests.size()).isZero();
        assertThat(wrong).isZero();
        assertThat(requests.size()).isGreaterThan(500);
    }
}
