package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** One replica of a slot's Deployment: answers requests as its image version would. */
public final class SimulatedPod {

    private final String name;
    private final PodLabels labels;
    private final PodBehaviour behaviour;
    private final RequestMetrics metrics;

    SimulatedPod(String name, PodLabels labels, PodBehaviour behaviour, RequestMetrics metrics) {
        this.name = name;
        this.labels = labels;
        this.behaviour = behaviour;
        this.metrics = metrics;
    }

    public String name() {
        return name;
    }

    public PodBehaviour behaviour() {
        return behaviour;
    }

    /** Serves one request: waits the configured latency, then answers health or app paths. */
    public PodResponse serve(String path) {
        long start = System.nanoTime();
        PodResponse response = answer(path);
        metrics.record(labels, behaviour.version(), response.status(), (System.nanoTime() - start) / 1e9);
        return response;
    }

    private PodResponse answer(String path) {
        try {
            Thread.sleep(behaviour.latency().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return respond(503, "interrupted");
        }
        boolean health = behaviour.healthPath().equals(path);
        if (health && behaviour.readiness() == PodBehaviour.Readiness.FAILING) {
            return respond(503, "not ready");
        }
        if (ThreadLocalRandom.current().nextDouble() < behaviour.errorRate()) {
            return respond(500, "simulated failure");
        }
        return respond(200, health ? "ok" : labels.app() + " " + behaviour.version());
    }

    private PodResponse respond(int status, String text) {
        return new PodResponse(status, Optional.of(behaviour.version()), text + " (pod " + name + ")\n");
    }
}
