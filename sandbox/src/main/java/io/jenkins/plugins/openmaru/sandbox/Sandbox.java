package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlane;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.workload.SlotEndpoints;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole sandbox in this process: the simulated API server with its controllers, and the data
 * plane following it. Engines built from {@link #engineConfig} reach each slot through the data
 * plane's per-slot URLs, so an {@code http} gate measures the candidate alone.
 */
public final class Sandbox implements AutoCloseable {
    private final SimulatedOpenShift cluster;
    private final DataPlane dataPlane;
    private final KubernetesClient client;

    private Sandbox(Duration rolloutDelay, int apiPort, DataPlaneConfig dataPlaneConfig) {
        AtomicReference<SandboxApiFront> front = new AtomicReference<>();
        this.cluster = SimulatedOpenShift.start(rolloutDelay, apiPort, store -> {
            front.set(new SandboxApiFront(store));
            return front.get();
        });
        try {
            this.client = cluster.newClient();
            this.dataPlane = DataPlane.start(client, dataPlaneConfig);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        front.get().servePodsFrom((namespace, deployment) -> Optional.of(dataPlane.deploymentUrl(namespace, deployment)));
        cluster.deployments().awaitPods(dataPlane::runs);
    }

    /**
     * @param rolloutDelay how long simulated Deployments take to become available after a change
     * @param apiPort the API server's loopback port; 0 picks a free one
     */
    public static Sandbox start(Duration rolloutDelay, int apiPort, DataPlaneConfig dataPlaneConfig) {
        return new Sandbox(rolloutDelay, apiPort, dataPlaneConfig);
    }

    public SimulatedOpenShift cluster() {
        return cluster;
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public KubernetesClient client() {
        return client;
    }

    /** Each slot as the data plane serves it, like {@code oc port-forward deployment/<app>-<slot>}. */
    public SlotEndpoints endpoints() {
        return dataPlane.slotEndpoints();
    }

    /** An engine configuration for {@code identity} with the gates and slot endpoints of this sandbox. */
    public EngineConfig engineConfig(String identity) {
        return EngineConfig.of(identity).withGates(new GateFactory(GateCredentials.NONE)).withEndpoints(endpoints());
    }

    @Override
    public void close() {
        dataPlane.close();
        cluster.close();
    }
}
