package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The cluster-test fixture of every module: a test class that extends it gets one simulated OpenShift ({@link #cluster})
 * for its tests, started before the first and closed after the last, and a client of it ({@link #client}). Tests work in
 * namespaces of their own. The clients a test makes with {@code cluster.newClient()} (an engine's, in its set-up or body) are
 * closed at its end. (Test classes run one after another, so the static fields belong to one class at a time.)
 */
public abstract class ClusterTest {
    protected static SimulatedOpenShift cluster;
    protected static KubernetesClient client;

    /** How long the simulated Deployment controller takes to roll a Deployment out, when a test class needs its own. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Inherited
    public @interface RolloutDelay {
        long millis();
    }

    @BeforeAll
    static void startCluster(TestInfo test) {
        RolloutDelay delay = test.getTestClass().orElseThrow().getAnnotation(RolloutDelay.class);
        cluster = SimulatedOpenShift.start(Duration.ofMillis(delay == null ? 20 : delay.millis()));
        client = cluster.newClient();
    }

    private int classClients;

    @BeforeEach
    void countClassClients() {
        classClients = cluster.openClients();
    }

    @AfterEach
    void closeTestClients() {
        cluster.closeClientsAfter(classClients);
    }

    @AfterAll
    static void stopCluster() {
        client.close();
        cluster.close();
    }
}
