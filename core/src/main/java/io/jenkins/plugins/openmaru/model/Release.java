package io.jenkins.plugins.openmaru.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of an app's release history.
 *
 * @param revision increasing number, never reused
 * @param image the image reference (digest-pinned when the build step provided one)
 * @param slot the slot the release ran in; null for a {@link Strategy#ROLLING rolling} release, which runs in the one
 *     Deployment {@code <app>} and never in a slot. Rolling entries written before this carry a slot they never used;
 *     it is dropped here, so they read like new ones. Any other release (a rollback and a drill too) must name its slot.
 * @param strategy how it was rolled out; null for a rollback
 * @param rolledBackFrom for {@link ReleaseOutcome#ROLLED_BACK}, the revision that was replaced; otherwise 0
 * @param env the environment variables the engine set on the release's container (the rollout's {@code env});
 *     a rollback sets exactly these again. Empty in history written before it was recorded.
 * @param committedAt when the released change was committed, as the image's labels in the cluster said when the release
 *     was recorded (DORA lead time); null when the image carried none, and for entries that deploy no new change
 */
public record Release(
        int revision,
        String image,
        Slot slot,
        Strategy strategy,
        ReleaseOutcome outcome,
        Instant at,
        String actor,
        String comment,
        int rolledBackFrom,
        Map<String, String> env,
        Instant committedAt) {
    public Release {
        Objects.requireNonNull(image, "image");
        if (strategy == Strategy.ROLLING) {
            slot = null;
        } else if (slot == null) {
            throw new ValidationException("slot", "missing; expected blue or green for a "
                    + (strategy == null ? "rollback or drill" : strategy.label()) + " release (only a rolling release has none)");
        }
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        actor = actor == null ? "engine" : actor;
        comment = comment == null ? "" : comment;
        // Sorted, so the state ConfigMap reads the same way every time.
        env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(env));
    }

    /** An entry without a commit time: a rollback, an abort, a drill, or an image that carries none. */
    public Release(int revision, String image, Slot slot, Strategy strategy, ReleaseOutcome outcome, Instant at, String actor,
            String comment, int rolledBackFrom, Map<String, String> env) {
        this(revision, image, slot, strategy, outcome, at, actor, comment, rolledBackFrom, env, null);
    }
}
