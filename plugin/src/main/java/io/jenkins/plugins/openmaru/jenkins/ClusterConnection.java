package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.gate.DeferredGate;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.workload.ServiceProxyEndpoints;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.workload.SlotEndpoints;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A client for one configured cluster, and how to build an engine on it. Its gates reach each slot through
 * the API server's service proxy (a controller outside the cluster cannot resolve Service names), or by
 * in-cluster DNS when the cluster is configured so. Holds the credential only
 * inside the client, which is shared with every other connection to the same cluster with the same credential
 * ({@link SharedClients}); closing the connection lets go of the client, which is closed once nobody used it for a while. The Prometheus token is looked up only when an
 * engine is built, so a step that runs no gates never depends on it.
 */
public final class ClusterConnection implements AutoCloseable {
    private final SharedClients.Use use;
    private final KubernetesClient client;
    private final Supplier<GateCredentials> gateCredentials;
    private final SlotEndpoints endpoints;
    private final UnaryOperator<EngineConfig> tuning;

    /** @param inClusterDns gates reach slots by their Services' DNS names (Jenkins runs in the cluster), else through the API server */
    ClusterConnection(SharedClients.Use use, Supplier<GateCredentials> gateCredentials, boolean inClusterDns, UnaryOperator<EngineConfig> tuning) {
        this.use = use;
        this.client = use.client();
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
        return build(identity, new GateFactory(gateCredentials.get()));
    }

    /** As {@link #engine(String)}, with the pipeline gates measured by {@code pipeline}: the block of the step that drives. */
    RolloutEngine engine(String identity, Function<GateSpec, DeferredGate> pipeline) {
        GateFactory factory = new GateFactory(gateCredentials.get());
        return build(identity, spec -> spec.gateKind() == GateKind.PIPELINE ? pipeline.apply(spec) : factory.apply(spec));
    }

    private RolloutEngine build(String identity, Function<GateSpec, HealthGate> gates) {
        EngineConfig config = EngineConfig.of(identity).withGates(gates).withEndpoints(endpoints);
        return new RolloutEngine(client, tuning.apply(config));
    }

    @Override
    public void close() {
        use.release();
    }
}
