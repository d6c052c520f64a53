package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.gate.PrometheusServer;
import java.util.function.UnaryOperator;

/**
 * A client for one configured cluster, and how to build an engine on it. Holds the credential only
 * inside the client; closing it closes the client.
 */
public final class ClusterConnection implements AutoCloseable {
    private final KubernetesClient client;
    private final PrometheusServer prometheus;
    private final UnaryOperator<EngineConfig> tuning;

    ClusterConnection(KubernetesClient client, PrometheusServer prometheus, UnaryOperator<EngineConfig> tuning) {
        this.client = client;
        this.prometheus = prometheus;
        this.tuning = tuning;
    }

    public KubernetesClient client() {
        return client;
    }

    /** An engine acting as {@code identity} (the lease holder for rollouts it drives). */
    public RolloutEngine engine(String identity) {
        EngineConfig config = EngineConfig.of(identity).withGates(new GateFactory(prometheus));
        return new RolloutEngine(client, tuning.apply(config));
    }

    @Override
    public void close() {
        client.close();
    }
}
