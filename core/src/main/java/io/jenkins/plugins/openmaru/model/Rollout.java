package io.jenkins.plugins.openmaru.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The current (or last) rollout of an app, as held in the cluster. A rollback is a rollout too:
 * {@code spec} is null and {@code rollbackTo} names the release it restores.
 *
 * @param revision the history revision this rollout records when it ends
 * @param stableSlot the slot serving when the rollout began; null on a first deployment
 * @param candidateSlot the slot the candidate runs in
 * @param stepIndex index of the step being executed; equal to the step count once all are done
 * @param weight the candidate's share of traffic now, 0-100
 * @param stepStartedAt when the current step began (pause and analysis deadlines count from it)
 * @param driver the identity that started the rollout (and holds the app's lease)
 * @param message what the rollout waits for, or why it ended
 */
public record Rollout(
        int revision,
        Strategy strategy,
        RolloutSpec spec,
        String image,
        Slot stableSlot,
        String stableImage,
        Slot candidateSlot,
        RolloutPhase phase,
        int stepIndex,
        int weight,
        Instant startedAt,
        Instant stepStartedAt,
        Instant updatedAt,
        Integer rollbackTo,
        String driver,
        String message,
        List<RolloutEvent> events,
        List<StepGateResult> gateResults) {

    /** Bounds keep the state ConfigMap far below its 1 MiB limit. */
    public static final int MAX_EVENTS = 60;
    public static final int MAX_GATE_RESULTS = 100;

    public Rollout {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(candidateSlot, "candidateSlot");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        stepStartedAt = stepStartedAt == null ? startedAt : stepStartedAt;
        updatedAt = updatedAt == null ? startedAt : updatedAt;
        message = message == null ? "" : message;
        events = List.copyOf(events == null ? List.of() : events);
        gateResults = List.copyOf(gateResults == null ? List.of() : gateResults);
    }

    /** Whether this rollout makes an earlier release serve again rather than a new one. */
    public boolean isRollback() {
        return rollbackTo != null;
    }

    /** Whether there is a stable slot to return traffic to (false on an app's first deployment). */
    public boolean hasStable() {
        return stableSlot != null;
    }

    /** When the bake ends, while the rollout bakes; null otherwise. */
    public Instant bakeEndsAt() {
        return phase == RolloutPhase.BAKING && spec != null && spec.bake() != null ? stepStartedAt.plus(spec.bake()) : null;
    }

    public int stepCount() {
        return spec != null && spec.strategySpec() instanceof CanarySpec c ? c.steps().size() : 0;
    }

    public Rollout withPhase(RolloutPhase p, String why, Instant now) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, p, stepIndex, weight,
                startedAt, stepStartedAt, now, rollbackTo, driver, why, events, gateResults);
    }

    public Rollout withWeight(int w, Instant now) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, stepIndex, w,
                startedAt, stepStartedAt, now, rollbackTo, driver, message, events, gateResults);
    }

    /** Moves to step {@code index}, which starts now. */
    public Rollout atStep(int index, Instant now) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, index, weight,
                startedAt, now, now, rollbackTo, driver, message, events, gateResults);
    }

    public Rollout withMessage(String why, Instant now) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, stepIndex, weight,
                startedAt, stepStartedAt, now, rollbackTo, driver, why, events, gateResults);
    }

    public Rollout withDriver(String d) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, stepIndex, weight,
                startedAt, stepStartedAt, updatedAt, rollbackTo, d, message, events, gateResults);
    }

    public Rollout withEvent(RolloutEvent e) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, stepIndex, weight,
                startedAt, stepStartedAt, updatedAt, rollbackTo, driver, message, bounded(events, e, MAX_EVENTS), gateResults);
    }

    public Rollout withGateResult(StepGateResult r) {
        return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, stepIndex, weight,
                startedAt, stepStartedAt, updatedAt, rollbackTo, driver, message, events, bounded(gateResults, r, MAX_GATE_RESULTS));
    }

    /** The gate results measured during the current step, oldest first. */
    public List<GateResult> currentStepResults() {
        return gateResults.stream().filter(r -> r.step() == stepIndex).map(StepGateResult::result).toList();
    }

    static <T> List<T> bounded(List<T> list, T added, int max) {
        List<T> out = new ArrayList<>(list);
        out.add(added);
        return out.size() > max ? out.subList(out.size() - max, out.size()) : out;
    }
}
