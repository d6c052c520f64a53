package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated pods of one Deployment: all that run, and the leading {@code ready} of them that
 * a Service would list as endpoints.
 */
final class DeploymentPods {

    private final PodLabels labels;
    private final Map<String, String> templateLabels;
    private final List<SimulatedPod> running;
    private final int ready;
    private final AtomicInteger cursor = new AtomicInteger();

    DeploymentPods(PodLabels labels, Map<String, String> templateLabels, List<SimulatedPod> running, int ready) {
        this.labels = labels;
        this.templateLabels = Map.copyOf(templateLabels);
        this.running = List.copyOf(running);
        this.ready = Math.min(ready, running.size());
    }

    PodLabels labels() {
        return labels;
    }

    List<SimulatedPod> running() {
        return running;
    }

    List<SimulatedPod> ready() {
        return running.subList(0, ready);
    }

    /** Whether a Service with this selector would select these pods (an empty selector selects none). */
    boolean selectedBy(Map<String, String> selector) {
        return !selector.isEmpty() && templateLabels.entrySet().containsAll(selector.entrySet());
    }

    /** Round-robin among running pods, ready or not, as a port-forward to the Deployment would reach. */
    Optional<SimulatedPod> nextRunning() {
        if (running.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(running.get(Math.floorMod(cursor.getAndIncrement(), running.size())));
    }
}
