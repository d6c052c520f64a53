package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.workload.ServiceProxyEndpoints;
import io.jenkins.plugins.openmaru.workload.SlotEndpoints;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A client for one configured cluster, and how to build an engine on it. Its gates reach each slot through
 * the API server's service proxy (a controller outside the cluster cannot resolve Service names), or by
 * in-cluster DNS when the cluster is configured so. Holds the credential only
 * inside the client; closing it closes the client. The Prometheus token is looked up only when an
 * engine is built, so a step that runs no gates never depends on it.
 */
public final class ClusterConnection implements AutoCloseable {
    private final KubernetesClient client;
    private final Supplier<GateCredentials> gateCredentials;
    private final SlotEndpoints endpoints;
    private final UnaryOperator<EngineConfig> tuning;

    /** @param inClusterDns gates reach slots by their Services' DNS names (Jenkins runs in the cluster), else through the API server */
    ClusterConnection(KubernetesClient client, Supplier<GateCredentials> gateCredentials, boolean inClusterDns, UnaryOperator<EngineConfig> tuning) {
        this.client = client;
        this.gateCredentials = gateCredentials;
        this.endpoints = inClusterDns ? SlotEndpoints.IN_CLUSTER : new ServiceProxyEndpoints(client.getMasterUrl());
        this.tuning = tuning;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * An engine acting as {@code identity} (the lease holder for rollouts it drives).
     *
     * @throws io.jenkins.plugins.openmaru.model.ValidationException naming {@code prometheusCredentialsId}
     */
    public RolloutEngine engine(String identity) {
        EngineConfig config = EngineConfig.of(identity).withGates(new GateFactory(gateCredentials.get())).withEndpoints(endpoints);
        return new RolloutEngine(client, tuning.apply(config));
    }

    @Override
    public void close() {
        client.close();
    }
}
