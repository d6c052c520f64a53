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
 * @param candidateSlot the slot the candidate runs in; null for a {@link Strategy#ROLLING rolling} update, which runs in the
 *     one Deployment {@code <app>} (a slot persisted by older versions for one is dropped, as {@link Release} does)
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
        if (strategy == Strategy.ROLLING) {
            candidateSlot = null;
        } else {
            Objects.requireNonNull(candidateSlot, "candidateSlot");
        }
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
        return toBuilder().phase(p).message(why).updatedAt(now).build();
    }

    public Rollout withWeight(int w, Instant now) {
        return toBuilder().weight(w).updatedAt(now).build();
    }

    /** Moves to step {@code index}, which starts now. */
    public Rollout atStep(int index, Instant now) {
        return toBuilder().stepIndex(index).stepStartedAt(now).updatedAt(now).build();
    }

    public Rollout withMessage(String why, Instant now) {
        return toBuilder().message(why).updatedAt(now).build();
    }

    public Rollout withDriver(String d) {
        return toBuilder().driver(d).build();
    }

    public Rollout withEvent(RolloutEvent e) {
        return toBuilder().events(bounded(events, e, MAX_EVENTS)).build();
    }

    public Rollout withGateResult(StepGateResult r) {
        return toBuilder().gateResults(bounded(gateResults, r, MAX_GATE_RESULTS)).build();
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

    /**
     * A rollout built by naming its values: {@code image}, {@code candidateSlot}, {@code phase} and {@code startedAt}
     * are required; step and weight start at 0, {@code stepStartedAt} and {@code updatedAt} at {@code startedAt}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this rollout's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.revision = revision;
        b.strategy = strategy;
        b.spec = spec;
        b.image = image;
        b.stableSlot = stableSlot;
        b.stableImage = stableImage;
        b.candidateSlot = candidateSlot;
        b.phase = phase;
        b.stepIndex = stepIndex;
        b.weight = weight;
        b.startedAt = startedAt;
        b.stepStartedAt = stepStartedAt;
        b.updatedAt = updatedAt;
        b.rollbackTo = rollbackTo;
        b.driver = driver;
        b.message = message;
        b.events = events;
        b.gateResults = gateResults;
        return b;
    }

    /** Names each value; {@link #build()} checks them together. */
    public static final class Builder {
        private int revision;
        private Strategy strategy;
        private RolloutSpec spec;
        private String image;
        private Slot stableSlot;
        private String stableImage;
        private Slot candidateSlot;
        private RolloutPhase phase;
        private int stepIndex;
        private int weight;
        private Instant startedAt;
        private Instant stepStartedAt;
        private Instant updatedAt;
        private Integer rollbackTo;
        private String driver;
        private String message;
        private List<RolloutEvent> events;
        private List<StepGateResult> gateResults;

        public Builder revision(int value) {
            revision = value;
            return this;
        }

        public Builder strategy(Strategy value) {
            strategy = value;
            return this;
        }

        public Builder spec(RolloutSpec value) {
            spec = value;
            return this;
        }

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder stableSlot(Slot value) {
            stableSlot = value;
            return this;
        }

        public Builder stableImage(String value) {
            stableImage = value;
            return this;
        }

        public Builder candidateSlot(Slot value) {
            candidateSlot = value;
            return this;
        }

        public Builder phase(RolloutPhase value) {
            phase = value;
            return this;
        }

        public Builder stepIndex(int value) {
            stepIndex = value;
            return this;
        }

        public Builder weight(int value) {
            weight = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder stepStartedAt(Instant value) {
            stepStartedAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder rollbackTo(Integer value) {
            rollbackTo = value;
            return this;
        }

        public Builder driver(String value) {
            driver = value;
            return this;
        }

        public Builder message(String value) {
            message = value;
            return this;
        }

        public Builder events(List<RolloutEvent> value) {
            events = value;
            return this;
        }

        public Builder gateResults(List<StepGateResult> value) {
            gateResults = value;
            return this;
        }

        public Rollout build() {
            return new Rollout(revision, strategy, spec, image, stableSlot, stableImage, candidateSlot, phase, stepIndex,
                    weight, startedAt, stepStartedAt, updatedAt, rollbackTo, driver, message, events, gateResults);
        }
    }
}
