package io.jenkins.plugins.openmaru.gate;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidate slot's Deployment ({@code <app>-<slot>}) has all its replicas available, and no
 * more than {@code maxRestarts} of its pods' containers restarted since the step began (a
 * container counts when its last termination finished after the step's start).
 */
final class ReadinessGate implements HealthGate {

    static final String APP_LABEL = "delivery.openmaru.io/app";
    static final String SLOT_LABEL = "delivery.openmaru.io/slot";

    private final String name;
    private final Clock clock;
    private final int maxRestarts;

    ReadinessGate(GateSpec spec, Clock clock) {
        this.name = spec.displayName();
        this.clock = clock;
        this.maxRestarts = spec.require("maxRestarts", Integer.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        String deploymentName = context.app() + "-" + context.candidateSlot();
        String what = "Deployment " + context.namespace() + "/" + deploymentName;
        if (context.client() == null) {
            return new GateResult(name, Verdict.ERROR, what + ": no cluster client", clock.instant());
        }
        Deployment deployment;
        List<Pod> pods;
        try {
            deployment = context.client().apps().deployments().inNamespace(context.namespace()).withName(deploymentName).get();
            pods = context.client().pods().inNamespace(context.namespace())
                    .withLabel(APP_LABEL, context.app())
                    .withLabel(SLOT_LABEL, context.candidateSlot())
                    .list().getItems();
        } catch (KubernetesClientException e) {
            return new GateResult(name, Verdict.ERROR, what + ": the API server did not answer (" + e.getCode() + " " + e.getStatus() + ")", clock.instant());
        }
        if (deployment == null) {
            return new GateResult(name, Verdict.FAIL, what + " does not exist", clock.instant());
        }
        int desired = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        DeploymentStatus status = deployment.getStatus();
        int available = status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
        List<String> restarted = restartedSince(pods, context.stepStartedAt());
        boolean ready = available >= desired;
        boolean stable = restarted.size() <= maxRestarts;
        String evidence = String.format("%s: %d of %d replicas available; %d container(s) restarted since the step began at %s (max %d)%s",
                what, available, desired, restarted.size(), context.stepStartedAt(), maxRestarts,
                restarted.isEmpty() ? "" : ": " + String.join(", ", restarted));
        return new GateResult(name, ready && stable ? Verdict.PASS : Verdict.FAIL, evidence, clock.instant());
    }

    private static List<String> restartedSince(List<Pod> pods, Instant since) {
        List<String> restarted = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                String finished = c.getLastState() == null || c.getLastState().getTerminated() == null
                        ? null : c.getLastState().getTerminated().getFinishedAt();
                if (finished != null && !Instant.parse(finished).isBefore(since)) {
                    restarted.add(pod.getMetadata().getName() + "/" + c.getName() + " (restartCount " + c.getRestartCount()
                            + ", last exit " + c.getLastState().getTerminated().getExitCode() + " at " + finished + ")");
                }
            }
        }
        return restarted;
    }
}
