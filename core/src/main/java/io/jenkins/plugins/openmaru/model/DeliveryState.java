package io.jenkins.plugins.openmaru.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything the cluster holds about an app's delivery (the {@code <app>-delivery} ConfigMap): which
 * slot is active, the bounded release history (oldest first), the current or last rollout and a
 * pending scale-down.
 */
public record DeliveryState(Slot activeSlot, List<Release> history, Rollout rollout, ScaleDown scaleDown) {

    public static final int MAX_HISTORY = 30;
    public static final DeliveryState EMPTY = new DeliveryState(null, List.of(), null, null);

    public DeliveryState {
        history = List.copyOf(history == null ? List.of() : history);
    }

    /** Whether a rollout (or rollback) is under way. */
    public boolean inProgress() {
        return rollout != null && !rollout.phase().terminal();
    }

    public int nextRevision() {
        return history.stream().mapToInt(Release::revision).max().orElse(0) + 1;
    }

    /** The release serving now: the newest entry that served 100 %. */
    public Optional<Release> serving() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).outcome().served()) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** The release that served before the current one: what a rollback without a revision restores. */
    public Optional<Release> previous() {
        boolean seenCurrent = false;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).outcome().served()) {
                if (seenCurrent) {
                    return Optional.of(history.get(i));
                }
                seenCurrent = true;
            }
        }
        return Optional.empty();
    }

    public Optional<Release> release(int revision) {
        return history.stream().filter(r -> r.revision() == revision).findFirst();
    }

    public DeliveryState withRollout(Rollout r) {
        return new DeliveryState(activeSlot, history, r, scaleDown);
    }

    public DeliveryState withActiveSlot(Slot s) {
        return new DeliveryState(s, history, rollout, scaleDown);
    }

    public DeliveryState withScaleDown(ScaleDown s) {
        return new DeliveryState(activeSlot, history, rollout, s);
    }

    public DeliveryState withRelease(Release r) {
        return new DeliveryState(activeSlot, Rollout.bounded(history, r, MAX_HISTORY), rollout, scaleDown);
    }
}
