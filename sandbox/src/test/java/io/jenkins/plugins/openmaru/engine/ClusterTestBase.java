package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One simulated cluster per test class; each test gets its own namespace, clock and engine. */
abstract class ClusterTestBase {
    static SimulatedOpenShift cluster;
    static KubernetesClient client;
    AppRef app;
    TestClock clock;
    RolloutEngine engine;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedOpenShift.start(Duration.ofMillis(20));
        client = cluster.newClient();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void setUpApp() {
        app = new AppRef(EngineHarness.freshNamespace(), "shop");
        clock = new TestClock();
        engine = EngineHarness.engine(cluster, "test-engine", clock);
    }
}
