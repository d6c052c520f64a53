package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Steps of one cluster and credential share one client, which the last of them closes. */
class SharedClientsTest {
    private DeliveryFixture f;

    @BeforeEach
    void setUp() {
        f = new DeliveryFixture(DeliveryFixture.sharedCluster());
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private StepExecution pausedCanary(String app, TestStepContext c) throws Exception {
        CanaryRolloutStep first = new CanaryRolloutStep(app, "registry/" + app + ":1.0");
        first.setSteps(List.of(Map.of("weight", 100)));
        TestStepContext setup = context(new FakeBuild(app + "-setup", 1), new BuildLog());
        start(first, setup);
        setup.awaitSuccess(TIMEOUT);
        CanaryRolloutStep second = new CanaryRolloutStep(app, "registry/" + app + ":2.0");
        second.setSteps(List.of(Map.of("weight", 20), Map.of("pause", "manual")));
        StepExecution e = start(second, c);
        awaitStatus(e, "waiting for promote or abort");
        return e;
    }

    @Test
    void pausedCanariesOfOneClusterShareOneClientThatTheLastStepCloses() throws Exception {
        TestStepContext shop = context(new FakeBuild("shop-deploy", 8), new BuildLog());
        TestStepContext cart = context(new FakeBuild("cart-deploy", 3), new BuildLog());
        StepExecution shopStep = pausedCanary("shop", shop);
        StepExecution cartStep = pausedCanary("cart", cart);

        assertThat(f.openPluginClients()).as("two paused steps, one client").isEqualTo(1);

        InterruptedException cause = new InterruptedException("Aborted by carol");
        shopStep.stop(cause);
        assertThat(shop.awaitFailure(TIMEOUT)).isSameAs(cause);
        assertThat(f.openPluginClients()).as("still used by the other step").isEqualTo(1);
        assertThat(cartStep.getStatus()).contains("waiting for promote or abort");

        cartStep.stop(cause);
        assertThat(cart.awaitFailure(TIMEOUT)).isSameAs(cause);
        assertThat(f.openPluginClients()).as("closed by the last step").isZero();
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }
}
