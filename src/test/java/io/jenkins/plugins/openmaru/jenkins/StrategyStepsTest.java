package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
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
