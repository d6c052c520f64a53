package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.security.core.context.SecurityContextHolder;

/** Step tests on one simulated OpenShift per class; each test sets {@link #f} to a fixture in a namespace of its own. */
abstract class SimulatedClusterTest {
    /** How long the simulated Deployment controller takes to roll a Deployment out. */
    static final Duration ROLLOUT_DELAY = Duration.ofMillis(30);

    static SimulatedOpenShift cluster;
    DeliveryFixture f;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedOpenShift.start(ROLLOUT_DELAY);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void closeFixture() throws Exception {
        SecurityContextHolder.clearContext();
        if (f != null) {
            f.close();
        }
    }
}
