package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.traffic.TrafficRouter;
import io.jenkins.plugins.openmaru.traffic.Weights;

/** Runs a hook before each routing write: notes that an operation wrote traffic, so a lost race can be repaired (see RolloutEngine#withRetries). */
final class WriteTrackingRouter implements TrafficRouter {
    private final TrafficRouter delegate;
    private final Runnable onWrite;

    WriteTrackingRouter(TrafficRouter delegate, Runnable onWrite) {
        this.delegate = delegate;
        this.onWrite = onWrite;
    }

    @Override
    public void reconcile(String stableService) {
        onWrite.run();
        delegate.reconcile(stableService);
    }

    @Override
    public Weights setWeight(String stableService, String candidateService, int weight) {
        onWrite.run();
        return delegate.setWeight(stableService, candidateService, weight);
    }

    @Override
    public Weights getWeights() {
        return delegate.getWeights();
    }

    @Override
    public Weights endRollout(String stableService) {
        onWrite.run();
        return delegate.endRollout(stableService);
    }
}
