package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import org.junit.jupiter.api.BeforeEach;

/** One simulated cluster per test class; each test gets its own namespace, clock and engine. */
abstract class ClusterTestBase extends ClusterTest {
    AppRef app;
    TestClock clock;
    RolloutEngine engine;

    @BeforeEach
    void setUpApp() {
        app = new AppRef(EngineHarness.freshNamespace(), "shop");
        clock = new TestClock();
        engine = EngineHarness.engine(cluster, "test-engine", clock);
    }
}
