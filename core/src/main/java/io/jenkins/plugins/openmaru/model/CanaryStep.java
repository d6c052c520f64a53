package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a canary: move weight, wait, or measure. A {@link CanarySpec} validates the whole
 * list (with the step's index in messages), so these values only hold data.
 */
public sealed interface CanaryStep permits CanaryStep.SetWeight, CanaryStep.Pause, CanaryStep.Analysis {

    /** What the step does, in words, for logs, the UI and plans. */
    String describe();

    static SetWeight setWeight(int weight) {
        return new SetWeight(weight);
    }

    static Pause pause(Duration duration) {
        return new Pause(Objects.requireNonNull(duration, "duration"));
    }

    /** A pause that lasts until someone promotes (or resumes) the rollout. */
    static Pause pause() {
        return new Pause(null);
    }

    static Analysis analysis(AnalysisPolicy policy, List<GateSpec> gates) {
        return new Analysis(gates, policy);
    }

    /** Sends {@code weight} % of traffic to the candidate. */
    record SetWeight(int weight) implements CanaryStep {
        @Override
        public String describe() {
            return "set weight " + weight + "%";
        }
    }

    /** Waits {@code duration}, or until promoted when {@code duration} is null. */
    record Pause(Duration duration) implements CanaryStep {
        public boolean indefinite() {
            return duration == null;
        }

        @Override
        public String describe() {
            return indefinite() ? "pause until promoted" : "pause " + Durations.format(duration);
        }
    }

    /** Measures the candidate with {@code gates} under {@code policy}; a FAILED analysis aborts. */
    record Analysis(List<GateSpec> gates, AnalysisPolicy policy) implements CanaryStep {
        public Analysis {
            gates = gates == null ? List.of() : List.copyOf(gates);
            policy = policy == null ? AnalysisPolicy.DEFAULT : policy;
        }

        /** The gates that measure: without the manual ones, which are approvals rather than measurements. */
        public List<GateSpec> measuredGates() {
            return gates.stream().filter(g -> g.gateKind() != GateKind.MANUAL).toList();
        }

        @Override
        public String describe() {
            return "analysis " + gates.stream().map(GateSpec::kind).toList() + " every "
                    + Durations.format(policy.interval()) + " x" + policy.count();
        }
    }
}
