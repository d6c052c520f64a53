package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.GateResult;
import java.util.Optional;

/**
 * A gate whose measurement runs elsewhere and ends later, e.g. the Pipeline block of the Jenkins build that
 * started the rollout. The engine asks again (on the gate's own signal or at the next interval) instead of
 * holding a thread while the measurement runs.
 */
public interface DeferredGate extends HealthGate {

    /**
     * The measurement of {@code round}: started now when it is not running yet, empty while it runs, its
     * result once it has ended. Asking again for the same round never starts it twice.
     */
    Optional<GateResult> poll(GateContext context, Round round);

    /**
     * Which measurement: the {@code round}-th (from 0) of analysis step {@code step} of the rollout that records
     * {@code revision}, taken while the candidate had {@code weight} % of traffic.
     */
    record Round(int revision, int step, int round, int weight) {}
}
