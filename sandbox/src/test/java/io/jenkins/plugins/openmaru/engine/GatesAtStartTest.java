package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gates are built when a rollout starts (bad ones are bad input, before any write) and measured under their display name. */
class GatesAtStartTest extends ClusterTestBase {
    private static final GateSpec NO_SERVER = GateSpec.parse("prometheus:sum(rate(http_requests_total{code=~\"5..\"}[1m]))<0.05");

    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    private RolloutEngine withoutPrometheus() {
        return new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(new GateFactory(GateCredentials.NONE)));
    }

    @Test
    void aBlueGreenPrometheusGateWithoutAServerFailsTheStartBeforeAnyWrite() {
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .strategy(BlueGreenSpec.defaults().withGates(AnalysisPolicy.DEFAULT, List.of(GateSpec.readiness(), NO_SERVER))).build();
        cluster.clearRequests();

        assertThatThrownBy(() -> withoutPrometheus().start(spec, Actor.of("alice")))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("gates[1].prometheus: no Prometheus server URL configured; set the gate's url")
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("gates[1].prometheus");

        assertThat(cluster.requests()).as("requests the start made").noneMatch(ApiRequest::mutating);
        assertThat(engine.status(app).rollout().phase()).as("the first release's rollout is still the last").isEqualTo(RolloutPhase.PROMOTED);
        assertThat(EngineHarness.slot(client, app, Slot.GREEN)).as("no candidate slot was created").isNull();
    }

    @Test
    void aCanaryGateIsNamedByItsStep() {
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(10), CanaryStep.analysis(AnalysisPolicy.DEFAULT, List.of(NO_SERVER)), CanaryStep.setWeight(50)).build();
        cluster.clearRequests();

        assertThatThrownBy(() -> withoutPrometheus().start(spec, Actor.of("alice")))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("steps[1].analysis.gates[0].prometheus: no Prometheus server URL configured");
        assertThat(cluster.requests()).noneMatch(ApiRequest::mutating);
    }

    @Test
    void aGateThatThrowsIsCountedWithItsOtherResults() {
        // The gate names itself differently from its spec and throws every other time: both kinds of ERROR are one gate's run.
        AtomicInteger calls = new AtomicInteger();
        HealthGate flaky = new HealthGate() {
            @Override
            public String name() {
                return "flaky-backend";
            }

            @Override
            public GateResult evaluate(GateContext context) {
                if (calls.incrementAndGet() % 2 == 1) {
                    throw new IllegalStateException("connection reset");
                }
                return new GateResult(name(), Verdict.ERROR, "HTTP 503 from the metrics backend", clock.instant());
            }
        };
        RolloutEngine gated = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(s -> flaky));
        AnalysisPolicy policy = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).consecutiveErrorLimit(1).build();
        GateSpec http = GateSpec.http("/health", 0.95);
        gated.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(10), CanaryStep.analysis(policy, List.of(http)), CanaryStep.setWeight(50)).build(), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);

        Progress p = gated.reconcile(app);
        assertThat(p.state().rollout().phase()).as("one ERROR is within consecutiveErrorLimit 1").isEqualTo(RolloutPhase.PROGRESSING);
        clock.advance(policy.interval());
        p = gated.reconcile(app);

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(p.state().rollout().message()).contains("gate http:/health: 2 ERROR measurement(s) in a row, consecutiveErrorLimit is 1");
        assertThat(p.state().rollout().gateResults()).extracting(r -> r.result().gate(), r -> r.result().evidence())
                .containsExactly(tuple("http:/health", "gate failed to measure: connection reset"),
                        tuple("http:/health", "HTTP 503 from the metrics backend"));
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
    }
}
