package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.springframework.security.core.context.SecurityContextHolder;

/** Step tests on one simulated OpenShift per class; each test sets {@link #f} to a fixture in a namespace of its own. */
@ClusterTest.RolloutDelay(millis = 30)
abstract class SimulatedClusterTest extends ClusterTest {
    /** How long the simulated Deployment controller takes to roll a Deployment out. */
    static final Duration ROLLOUT_DELAY = Duration.ofMillis(30);

    DeliveryFixture f;

    @AfterEach
    void closeFixture() throws Exception {
        SecurityContextHolder.clearContext();
        if (f != null) {
            f.close();
        }
    }
}
