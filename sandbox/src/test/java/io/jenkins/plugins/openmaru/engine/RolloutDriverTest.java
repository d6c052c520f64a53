package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteSpec;
import io.fabric8.openshift.api.model.RouteTargetReference;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver against real watches and real time: nothing here calls reconcile by hand. */
class RolloutDriverTest {
    static SimulatedOpenShift cluster;
    static KubernetesClient client;
    static ScheduledExecutorService scheduler;

    @BeforeAll
    static void start() {
        cluster = SimulatedOpenShift.start(Duration.ofMillis(150));
        client = cluster.newClient();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        cluster.close();
    }

    private static RolloutEngine engine(String identity) {
        return new RolloutEngine(cluster.newClient(), EngineConfig.of(identity));
    }

    /**
     * The canary of the issue (10, 25, 50, 100 with short pauses), driven end to end. Prints the API
     * requests it makes, by verb: the figure reported in docs/canary.md.
     */
    private static void firstRelease(RolloutEngine engine, RolloutDriver driver, AppRef app) throws Exception {
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").canary(CanaryStep.setWeight(100)).build(), Actor.of("test"));
        driver.drive(app, p -> { }).done().get(60, TimeUnit.SECONDS);
    }

    @Test
    void fourStepCanaryIsDrivenToPromotionAndItsRequestsAreCounted() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine engine = engine("driver-test");
        RolloutDriver driver = new RolloutDriver(engine, scheduler);
        firstRelease(engine, driver, app);

        cluster.clearRequests();
        List<String> narrated = new CopyOnWriteArrayList<>();
        RolloutNarrator narrator = new RolloutNarrator(at -> "");
        // Pauses of 1 s: a pause shorter than one reconcile on a loaded machine is over before that reconcile returns,
        // and the engine goes on at once (seen with 200 ms under load: one reconcile took every step), which changes
        // the requests counted below.
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(
                CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofSeconds(1)),
                CanaryStep.setWeight(25), CanaryStep.pause(Duration.ofSeconds(1)),
                CanaryStep.setWeight(50), CanaryStep.pause(Duration.ofSeconds(1)),
                CanaryStep.setWeight(100)).build();
        // Held until start has returned its wait: start then always waits for the candidate, however loaded the machine,
        // and the driver's requests (counted below) are the same in every run.
        Runnable green = EngineHarness.holdUnavailable(cluster, app, Slot.GREEN);
        Progress started = engine.start(spec, Actor.of("alice"));
        assertThat(started.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        narrated.addAll(narrator.lines(started));
        green.run();
        Progress last = driver.drive(app, p -> narrated.addAll(narrator.lines(p))).done().get(60, TimeUnit.SECONDS);

        assertThat(last.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(last.state().activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(narrated.stream().filter(l -> l.startsWith("  step ")).map(l -> l.substring(2, 10)))
                .as("every step narrated once, in order, even those that ran within one reconcile").containsExactly(
                        "step 1/7", "step 2/7", "step 3/7", "step 4/7", "step 5/7", "step 6/7", "step 7/7");
        assertThat(narrated.stream().filter(l -> l.startsWith("  setWeight") || l.startsWith("  step ")).map(String::strip).toList())
                .as("each setWeight after its step's line").containsSubsequence("step 1/7: set weight 10% (weight now 0%)", "setWeight 10% to shop-green",
                        "step 3/7: set weight 25% (weight now 10%)", "setWeight 25% to shop-green");
        List<ApiRequest> requests = cluster.requests();
        // The weights as written to the Route, not as the listener saw them: the driver coalesces reconciles, and the
        // listener hears only where each ended (seen under load: [0, 100]).
        assertThat(requests.stream().filter(r -> r.mutating() && r.path().contains("/routes")).map(r -> greenWeight(r.body())).toList())
                .containsExactly(10, 25, 50, 100);
        Map<String, Long> byVerb = requests.stream().collect(Collectors.groupingBy(
                r -> r.isWatch() ? "WATCH" : r.method(), TreeMap::new, Collectors.counting()));
        Map<String, Long> byResource = requests.stream().filter(r -> !r.isWatch()).collect(Collectors.groupingBy(
                r -> r.method() + " " + r.resourcePath().replaceAll(".*/(routes|configmaps|deployments|services|leases)/?.*", "$1"),
                TreeMap::new, Collectors.counting()));
        System.out.println("4-step canary (10,25,50,100) API requests by verb: " + byVerb);
        System.out.println("4-step canary (10,25,50,100) requests by verb and resource: " + byResource);
        long routeWrites = requests.stream().filter(r -> r.mutating() && r.path().contains("/routes")).count();
        assertThat(routeWrites).as("one Route write per weight change; the final 100 is the promotion").isEqualTo(4);
        assertThat(byResource).as("one state write per step that waits, plus start and promotion")
                .containsEntry("PUT configmaps", 5L).containsEntry("PUT leases", 2L);
    }

    /** The weight a Route written as {@code json} gives slot green. */
    private static int greenWeight(String json) {
        RouteSpec spec = new KubernetesSerialization().unmarshal(json, Route.class).getSpec();
        return Stream.concat(Stream.of(spec.getTo()), spec.getAlternateBackends().stream())
                .filter(b -> b.getName().equals("shop-green")).mapToInt(RouteTargetReference::getWeight).sum();
    }

    @Test
    void aPausedRolloutWakesUpWhenSomeoneElsePromotes() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine engine = engine("jenkins:shop#1");
        RolloutDriver driver = new RolloutDriver(engine, scheduler);
        firstRelease(engine, driver, app);

        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(30), CanaryStep.pause()).build(), Actor.of("alice"));
        RolloutDriver.Drive drive = driver.drive(app, p -> { });
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.status(app).rollout().phase() == RolloutPhase.PAUSED);
        assertThat(drive.done()).isNotDone();

        engine("ui:bob").promote(app, new Actor("bob", "ship it"));
        Progress last = drive.done().get(60, TimeUnit.SECONDS);
        assertThat(last.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(last.state().rollout().events()).anyMatch(e -> e.action().equals("promote") && e.actor().equals("bob")
                && e.comment().equals("ship it"));
        assertThat(engine.leaseHolder(app)).as("lease released at the end").isEmpty();
    }
}
