package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine's own objects (Route without host, slot Deployments, status by the simulator) drive the data plane. */
@Tag("slow")
class EngineOnDataPlaneTest {

    private static final AppRef APP = new AppRef("e2e", "shop");
    private static final String HOST = "shop-e2e." + DataPlaneConfig.DEFAULT_ROUTE_DOMAIN;

    private static SimulatedOpenShift cluster;
    private static KubernetesClient client;
    private static DataPlane dataPlane;
    private static RolloutEngine engine;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void start() {
        cluster = SimulatedOpenShift.start();
        client = cluster.newClient();
        dataPlane = DataPlane.start(client, DataPlaneConfig.defaults());
        engine = new RolloutEngine(client, EngineConfig.of("test:dataplane")
                .withGates(new GateFactory(GateCredentials.NONE)).withEndpoints(dataPlane.slotEndpoints()));
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        dataPlane.close();
        cluster.close();
    }

    private static Map<String, Long> send(int n) {
        RouterClient router = dataPlane.routerClient();
        return IntStream.range(0, n).mapToObj(i -> {
            try {
                RouterClient.Reply reply = router.get(HOST, "/");
                return reply.version().orElse(String.valueOf(reply.status()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
    }

    private static Progress drive(RolloutSpec spec) throws Exception {
        engine.start(spec, Actor.of("test"));
        return new RolloutDriver(engine, scheduler).drive(APP, p -> { }).done().get(30, TimeUnit.SECONDS);
    }

    private static RolloutSpec.Builder canary(String image) {
        return RolloutSpec.builder(APP.namespace(), APP.app(), image).scaleDownDelay(Duration.ofMinutes(5));
    }

    @Test
    void theRouterFollowsACanaryAndTheSlotUrlCatchesABadCandidate() throws Exception {
        drive(canary("shop:v1").canary(CanaryStep.setWeight(100)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> send(20).equals(Map.of("shop:v1", 20L)));

        engine.start(canary("shop:v2").canary(CanaryStep.setWeight(25), CanaryStep.pause()).build(), Actor.of("test"));
        RolloutDriver.Drive v2 = new RolloutDriver(engine, scheduler).drive(APP, p -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.status(APP).rollout().phase() == RolloutPhase.PAUSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> send(20).containsKey("shop:v2"));
        Map<String, Integer> weights = dataPlane.routeWeights(HOST);
        double candidateShare = (double) weights.get("shop-green") / weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Long> split = send(800);
        engine.abort(APP, Actor.of("test"));
        v2.done().get(30, TimeUnit.SECONDS);

        assertThat(candidateShare).isEqualTo(0.25);
        assertThat(Math.abs(split.get("shop:v2") - 800 * 0.25)).as("v2 got %s", split).isLessThanOrEqualTo(4 * Math.sqrt(800 * 0.25 * 0.75));
        await().atMost(Duration.ofSeconds(10)).until(() -> send(50).equals(Map.of("shop:v1", 50L)));

        AnalysisPolicy quick = AnalysisPolicy.builder().interval(Duration.ofMillis(200)).count(2).consecutiveErrorLimit(2)
                .onInconclusive(AnalysisPolicy.OnInconclusive.ABORT).build();
        Progress v3 = drive(canary("shop:v3").env(Map.of(PodBehaviour.ERROR_RATE, "0.5"))
                .canary(CanaryStep.setWeight(10), CanaryStep.analysis(quick, List.of(GateSpec.http("/health", 0.95))),
                        CanaryStep.setWeight(100)).build());

        assertThat(v3.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(v3.state().rollout().gateResults()).map(StepGateResult::result)
                .anySatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.FAIL))
                .allSatisfy(r -> assertThat(r.evidence()).contains("HTTP 500"));
        await().atMost(Duration.ofSeconds(10)).until(() -> send(50).equals(Map.of("shop:v1", 50L)));
    }
}
