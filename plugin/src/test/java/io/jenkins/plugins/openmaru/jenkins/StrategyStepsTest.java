package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import hudson.AbortException;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** openmaruBlueGreen and openmaruRolling: the same non-blocking execution over the other strategies. */
class StrategyStepsTest extends SimulatedClusterTest {
    @BeforeEach
    void setUp() throws Exception {
        f = new DeliveryFixture(cluster);
        f.firstRelease("registry/shop:1.0");
    }

    @Test
    void blueGreenWaitsAtZeroPercentWithAPreviewRouteUntilPromotedOnThePage() throws Exception {
        FakeBuild build = new FakeBuild("shop-bg", 4);
        TestStepContext c = context(build, new BuildLog());
        StepExecution e = start(new BlueGreenRolloutStep("shop", "registry/shop:2.0"), c);

        awaitStatus(e, "waiting for promote or abort");
        assertThat(f.candidateWeight()).isZero();
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        Route preview = f.client.resources(Route.class).inNamespace(f.namespace).withName("shop-preview").get();
        assertThat(preview.getSpec().getTo().getName()).isEqualTo("shop-green");

        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("alice", "pw"));
        FakeHttp.Served s = FakeHttp.serve(build.getAction(DeliveryAction.class).doPromote(FakeHttp.request("POST",
                Map.of("target", "sim:" + f.namespace + "/shop", "comment", "preview checked"))));
        assertThat(s.redirect).isEqualTo(".");

        c.awaitSuccess(TIMEOUT);
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(f.state().serving().orElseThrow().outcome()).isEqualTo(ReleaseOutcome.PROMOTED);
    }

    @Test
    void blueGreenWithAutoPromoteSwitchesByItself() throws Exception {
        BlueGreenRolloutStep step = new BlueGreenRolloutStep("shop", "registry/shop:2.0");
        step.setAutoPromote(true);
        step.setPreviewRoute(false);
        TestStepContext c = context(new FakeBuild("shop-bg", 5), new BuildLog());
        start(step, c);

        c.awaitSuccess(TIMEOUT);
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(f.client.resources(Route.class).inNamespace(f.namespace).withName("shop-preview").get()).isNull();
    }

    @Test
    void blueGreenMeasuresItsGatesWrittenAsGatesWithThePolicyInAnalysis() throws Exception {
        BlueGreenRolloutStep step = StrictStepBinder.bind(BlueGreenRolloutStep.class, "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0',"
                + " gates: 'readiness', analysis: [interval: '1s', count: 1], autoPromote: true, progressDeadline: 600, scaleDownDelay: 90");
        TestStepContext c = context(new FakeBuild("shop-bg", 7), new BuildLog());
        start(step, c);

        c.awaitSuccess(TIMEOUT);
        Rollout rollout = f.state().rollout();
        assertThat(rollout.gateResults()).extracting(g -> g.result().gate(), g -> g.result().verdict()).contains(tuple("readiness", Verdict.PASS));
        assertThat(rollout.spec().progressDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rollout.spec().scaleDownDelay()).isEqualTo(Duration.ofSeconds(90));
        assertThat(f.routeTarget()).isEqualTo("shop-green");
    }

    @Test
    void gatesAndTheNumbersUsersWriteAreValidatedWithTheirFieldNamesBeforeAnyClusterWrite() throws Exception {
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-bg", 8), new BuildLog());
        Map<String, String> refused = Map.of(
                "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0', gates: 'http:/health:1.5'", "gates.",
                "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0', gates: 'readiness', analysis: [gates: ['readiness']]", "analysis: ",
                "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0', gates: 'readiness', analysis: [every: '1s']", "analysis.every: ",
                "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0', progressDeadline: -5", "progressDeadline: -5 is not allowed",
                "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0', progressDeadline: '600'", "progressDeadline: 600 is not allowed",
                "openmaruBlueGreen app: 'shop', image: 'registry/shop:2.0', autoPromoteAfter: 1.5", "autoPromoteAfter: 1.5 is not allowed",
                "openmaruRolling app: 'shop', image: 'registry/shop:2.0', gates: []", "gates: [] is not allowed",
                "openmaruRolling app: 'shop', image: 'registry/shop:2.0', maxSurge: [1]", "maxSurge: [1] is not allowed",
                "openmaruRolling app: 'shop', image: 'registry/shop:2.0', maxUnavailable: -1", "maxUnavailable: -1 is not allowed",
                "openmaruCanary app: 'shop', image: 'registry/shop:2.0', steps: [[weight: 10]], port: 0", "port: 0 is not allowed");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Class<?> type = e.getKey().startsWith("openmaruBlueGreen") ? BlueGreenRolloutStep.class
                    : e.getKey().startsWith("openmaruRolling") ? RollingRolloutStep.class : CanaryRolloutStep.class;
            org.jenkinsci.plugins.workflow.steps.Step step = (org.jenkinsci.plugins.workflow.steps.Step) StrictStepBinder.bind(type, e.getKey());
            assertThatThrownBy(() -> step.start(c)).as(e.getKey()).isInstanceOf(AbortException.class).hasMessageStartingWith(e.getValue());
        }
        assertThat(f.writes()).isEmpty();
    }

    @Test
    void strategyOptionsAreValidatedWithTheirFieldNamesBeforeAnyClusterWrite() throws Exception {
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-bg", 6), new BuildLog());
        BlueGreenRolloutStep bg = new BlueGreenRolloutStep("shop", "registry/shop:2.0");
        bg.setAutoPromoteAfter("5m");
        assertThatThrownBy(() -> bg.start(c)).isInstanceOf(AbortException.class).hasMessageStartingWith("autoPromoteAfter: 5m is not allowed");
        BlueGreenRolloutStep badGate = new BlueGreenRolloutStep("shop", "registry/shop:2.0");
        badGate.setAnalysis("http:/health:1.5");
        assertThatThrownBy(() -> badGate.start(c)).isInstanceOf(AbortException.class).hasMessageStartingWith("analysis.");
        RollingRolloutStep rolling = new RollingRolloutStep("shop", "registry/shop:2.0");
        rolling.setMaxSurge("150%");
        assertThatThrownBy(() -> rolling.start(c)).isInstanceOf(AbortException.class).hasMessageStartingWith("maxSurge: 150% is not allowed");
        assertThat(f.writes()).isEmpty();
    }
}
