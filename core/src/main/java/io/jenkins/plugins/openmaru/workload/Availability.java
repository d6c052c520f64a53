package io.jenkins.plugins.openmaru.workload;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/** Reads a Deployment's status the way {@code kubectl rollout status} does. */
public final class Availability {
    private Availability() {}

    /**
     * True when the controller has seen the latest spec and every desired pod is updated and available.
     * A Deployment scaled to 0 is never available: nothing could serve.
     */
    public static boolean isAvailable(Deployment d) {
        if (d == null || d.getSpec() == null || d.getStatus() == null) {
            return false;
        }
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentStatus s = d.getStatus();
        Long generation = d.getMetadata().getGeneration();
        boolean observed = generation == null || (s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
        return desired > 0 && observed
                && nz(s.getUpdatedReplicas()) >= desired
                && nz(s.getAvailableReplicas()) >= desired
                && nz(s.getReplicas()) == nz(s.getUpdatedReplicas());
    }

    /** A one-line summary for messages: {@code 1/3 available (generation 4 observed 3)}. */
    public static String describe(Deployment d) {
        if (d == null) {
            return "absent";
        }
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentStatus s = d.getStatus();
        if (s == null) {
            return "0/" + desired + " available (no status yet)";
        }
        return nz(s.getAvailableReplicas()) + "/" + desired + " available, " + nz(s.getUpdatedReplicas()) + " updated (generation "
                + d.getMetadata().getGeneration() + ", observed " + s.getObservedGeneration() + ")";
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
