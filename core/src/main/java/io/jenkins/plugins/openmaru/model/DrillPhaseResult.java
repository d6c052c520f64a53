package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One restore of a drill: which release was made to serve, how long each step took, what the gates
 * measured before the switch (so an unhealthy release never gets traffic) and after it.
 *
 * @param scaledUp whether the slot had to be scaled up (it was not warm)
 * @param target the phase's target time to restore (the drill's maxTimeToRestore)
 */
public record DrillPhaseResult(
        DrillPhase phase,
        int fromRevision,
        int toRevision,
        String image,
        Slot slot,
        boolean scaledUp,
        DrillTimings timings,
        List<GateResult> gatesBefore,
        List<GateResult> gatesAfter,
        Duration target,
        DrillOutcome outcome,
        String message) {

    public DrillPhaseResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(target, "target");
        gatesBefore = List.copyOf(gatesBefore == null ? List.of() : gatesBefore);
        gatesAfter = List.copyOf(gatesAfter == null ? List.of() : gatesAfter);
        message = message == null ? "" : message;
    }

    /** A phase that did not run, and why. */
    public static DrillPhaseResult skipped(DrillPhase phase, int from, int to, String image, Slot slot, Duration target,
            java.time.Instant at, String why) {
        return new DrillPhaseResult(phase, from, to, image, slot, false, DrillTimings.startingAt(at), List.of(), List.of(), target,
                DrillOutcome.SKIPPED, why);
    }

    /** Whether the restore took longer than its target (false when it never finished). */
    public boolean exceededTarget() {
        return timings.timeToRestore().map(d -> d.compareTo(target) > 0).orElse(false);
    }
}
