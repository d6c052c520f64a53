package io.jenkins.plugins.openmaru.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GatePreset;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine with a prometheus gate on the real Prometheus: a canary that starts answering 30 %
 * errors is aborted, and the Route goes back to 100 % stable within about one analysis interval
 * of the first failing scrape.
 */
@Tag("slow")
class CanaryAbortOnPrometheusTest {

    private static final AppRef APP = new AppRef("shop-prod", "shop");
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private SimulatedOpenShift cluster;
    private SlotExporter exporter;
    private RealPrometheus prometheus;
    private ScheduledExecutorService scheduler;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = SimulatedOpenShift.start(Duration.ofMillis(30));
        client = cluster.newClient();
        exporter = new SlotExporter();
        prometheus = new RealPrometheus(exporter.url());
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        prometheus.close();
        exporter.close();
        client.close();
        cluster.close();
    }

    @Test
    void aCanaryWith30PercentErrorsIsAbortedAndTheRouteGoesBackToStable() throws Exception {
        RolloutEngine engine = new RolloutEngine(client, EngineConfig.of("test:gates")
                .withGates(new GateFactory(GateTestSupport.prometheusAt(prometheus.url(), null))));
        RolloutDriver driver = new RolloutDriver(engine, scheduler);
        drive(engine, driver, RolloutSpec.builder(APP.namespace(), APP.app(), "registry.example.com/shop:1.0")
                .canary(CanaryStep.setWeight(100)).build());

        // Until Prometheus has scraped the new slot twice, rate() has no data (INCONCLUSIVE); a slow first
        // scrape must not exhaust the inconclusive limit and pause the rollout before the test's real question.
        AnalysisPolicy policy = AnalysisPolicy.builder().interval(INTERVAL).count(100).inconclusiveLimit(30)
                .consecutiveErrorLimit(2).build();
        RolloutSpec canary = RolloutSpec.builder(APP.namespace(), APP.app(), "registry.example.com/shop:2.0")
                .canary(CanaryStep.setWeight(30),
                        CanaryStep.analysis(policy, List.of(GatePreset.HTTP_SUCCESS_RATE.spec(0.95, Duration.ofSeconds(5)))))
                .build();
        engine.start(canary, Actor.of("alice"));
        RolloutDriver.Drive drive = driver.drive(APP, p -> { });

        await("the healthy canary passes a measurement").atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(results(engine)).as("gate results, phase " + engine.status(APP).rollout().phase())
                        .extracting(GateResult::verdict).contains(Verdict.PASS));
        assertThat(candidateWeight(route())).isEqualTo(30);

        AtomicReference<Instant> stableAgain = new AtomicReference<>();
        try (Watch ignored = client.resources(Route.class).inNamespace(APP.namespace()).withName(APP.app()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Route route) {
                if (candidateWeight(route) == 0) {
                    stableAgain.compareAndSet(null, Instant.now());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            exporter.errorRate("green", 0.3);
            Progress last = drive.done().get(30, TimeUnit.SECONDS);
            assertThat(last.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
            await("the watch saw the Route write").atMost(Duration.ofSeconds(5)).until(() -> stableAgain.get() != null);
        }

        Route route = route();
        assertThat(route.getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(route.getSpec().getTo().getWeight()).isEqualTo(100);
        assertThat(candidateWeight(route)).isZero();
        GateResult failed = results(engine).get(results(engine).size() - 1);
        assertThat(failed.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(failed.gate()).isEqualTo("http-success-rate");
        assertThat(failed.evidence()).contains("slot=\"green\"", "breaks the threshold");
        assertThat(engine.status(APP).rollout().message()).contains("analysis failed");

        Duration latency = Duration.between(exporter.firstFailingScrape("green"), stableAgain.get());
        Duration decisionToRoute = Duration.between(failed.at(), stableAgain.get());
        System.out.printf("gate abort latency: %d ms from the first failing scrape to the Route write, %d ms from the failing"
                + " measurement to the Route write (interval %d ms)%n", latency.toMillis(), decisionToRoute.toMillis(), INTERVAL.toMillis());
        // at most: the wait for the next measurement (one interval), a scrape or two, then one Route write
        assertThat(latency).isLessThan(INTERVAL.multipliedBy(2).plusSeconds(1));
        // the decision is followed by the Route write, not by another interval
        assertThat(decisionToRoute).isLessThan(INTERVAL);
    }

    private static void drive(RolloutEngine engine, RolloutDriver driver, RolloutSpec spec) throws Exception {
        engine.start(spec, Actor.of("alice"));
        assertThat(driver.drive(spec.target(), p -> { }).done().get(30, TimeUnit.SECONDS).done()).isTrue();
    }

    private static List<GateResult> results(RolloutEngine engine) {
        return engine.status(APP).rollout().gateResults().stream().map(StepGateResult::result).toList();
    }

    private Route route() {
        return client.resources(Route.class).inNamespace(APP.namespace()).withName(APP.app()).get();
    }

    private static int candidateWeight(Route r) {
        return r.getSpec().getAlternateBackends() == null || r.getSpec().getAlternateBackends().isEmpty() ? 0
                : r.getSpec().getAlternateBackends().get(0).getWeight();
    }
}
