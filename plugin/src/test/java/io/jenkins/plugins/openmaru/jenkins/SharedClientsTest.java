package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Steps of one cluster and credential share one client; after the last of them it stays open for an idle period, so
 * that the next step reuses it, and is closed once nobody used it for that long.
 */
class SharedClientsTest {
    private static final String TOKEN = "sha256~shared-client-token";
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Logger SHARED_CLIENTS = Logger.getLogger(SharedClients.class.getName());

    private DeliveryFixture f;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level level;

    @BeforeEach
    void setUp() {
        f = new DeliveryFixture(DeliveryFixture.sharedCluster(), IDLE, sim -> sim.setCredentialsId("ocp-token"),
                (id, run) -> id.equals("ocp-token") ? new TestCredentials.Token(TOKEN) : null);
        level = SHARED_CLIENTS.getLevel();
        SHARED_CLIENTS.setLevel(Level.FINE);
        SHARED_CLIENTS.addHandler(capture);
    }

    @AfterEach
    void tearDown() throws Exception {
        SHARED_CLIENTS.removeHandler(capture);
        SHARED_CLIENTS.setLevel(level);
        f.close();
    }

    private static void firstRelease(String app, BuildLog log) throws Exception {
        CanaryRolloutStep first = new CanaryRolloutStep(app, "registry/" + app + ":1.0");
        first.setSteps(List.of(Map.of("weight", 100)));
        TestStepContext setup = context(new FakeBuild(app + "-setup", 1), log);
        start(first, setup);
        setup.awaitSuccess(TIMEOUT);
    }

    private StepExecution pausedCanary(String app, TestStepContext c) throws Exception {
        firstRelease(app, new BuildLog());
        CanaryRolloutStep second = new CanaryRolloutStep(app, "registry/" + app + ":2.0");
        second.setSteps(List.of(Map.of("weight", 20), Map.of("pause", "manual")));
        StepExecution e = start(second, c);
        awaitStatus(e, "waiting for promote or abort");
        return e;
    }

    @Test
    void pausedCanariesOfOneClusterShareOneClientClosedOnceIdleAfterTheLastStep() throws Exception {
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
        assertThat(f.openPluginClients()).as("kept open for the next step a while").isEqualTo(1);
        await().atMost(TIMEOUT).until(() -> f.openPluginClients() == 0);
        assertThat(f.builtPluginClients()).as("every step of the four builds used the one client").isEqualTo(1);
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }

    @Test
    void aStepWithinTheIdlePeriodReusesTheClientAndOneAfterItBuildsANewOneWhileTheTokenIsNeverLogged() throws Exception {
        BuildLog log = new BuildLog();
        firstRelease("shop", log);
        assertThat(f.openPluginClients()).as("nobody uses it, but it is kept a while").isEqualTo(1);

        firstRelease("cart", log);
        assertThat(f.builtPluginClients()).as("the second step reused the client").isEqualTo(1);

        long released = System.nanoTime();
        await().atMost(TIMEOUT).until(() -> f.openPluginClients() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("closed after the idle period, not at once").isGreaterThanOrEqualTo(IDLE.dividedBy(2));
        assertThat(logged).contains("Closed the client of cluster sim, unused for 2 s");

        firstRelease("shoes", log);
        assertThat(f.builtPluginClients()).as("a closed client is not reused").isEqualTo(2);
        assertThat(logged).noneMatch(m -> m.contains(TOKEN));
        assertThat(log.text()).doesNotContain(TOKEN);
    }
}
