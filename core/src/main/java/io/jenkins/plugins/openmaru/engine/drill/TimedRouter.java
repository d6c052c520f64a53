package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.traffic.TrafficRouter;
import io.jenkins.plugins.openmaru.traffic.Weights;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Notes when the engine's routing write returned, i.e. when the API server acknowledged it; the drill
 * measures its restores from the router's side with this, without the engine knowing about drills.
 */
final class TimedRouter implements TrafficRouter {
    private final TrafficRouter delegate;
    private final Clock clock;
    private final AtomicReference<Instant> lastWrite;

    TimedRouter(TrafficRouter delegate, Clock clock, AtomicReference<Instant> lastWrite) {
        this.delegate = delegate;
        this.clock = clock;
        this.lastWrite = lastWrite;
    }

    @Override
    public void reconcile(String stableService) {
        delegate.reconcile(stableService);
    }

    @Override
    public Weights setWeight(String stableService, String candidateService, int weight) {
        Weights w = delegate.setWeight(stableService, candidateService, weight);
        lastWrite.set(clock.instant());
        return w;
    }

    @Override
    public Weights getWeights() {
        return delegate.getWeights();
    }

    @Override
    public Weights endRollout(String stableService) {
        Weights w = delegate.endRollout(stableService);
        lastWrite.set(clock.instant());
        return w;
    }
}
