package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.ScaleDown;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scales down the slot a promote, abort or rollback left warm once its delay is over, on a connection of its
 * own: the step or click that set the delay closed its connection long before, and no build needs to run
 * then. One timer per app; the latest state's due time wins. Kept in memory only: after a Jenkins restart
 * the next operation on the app scales a due slot down (every reconcile does).
 */
final class ScaleDowns {
    private static final Logger LOG = Logger.getLogger(ScaleDowns.class.getName());
    /** When the engine's clock says the slot is not due yet at the timer's time, look again this much later at the earliest. */
    static final Duration MIN_RECHECK = Duration.ofSeconds(1);
    /** Failed attempts (cluster unreachable) before the scale-down is left to the next operation on the app. */
    private static final int MAX_ATTEMPTS = 5;
    private static final Map<String, ScheduledFuture<?>> PENDING = new ConcurrentHashMap<>();

    private ScaleDowns() {}

    /** Arms the timer for {@code s}'s scale-down, if it has one; {@code run}'s credentials reach the cluster then. */
    static void schedule(AppLocation where, Run<?, ?> run, DeliveryState s) {
        ScaleDown due = s.scaleDown();
        if (due != null) {
            arm(where, run, due.at(), 1);
        }
    }

    private static void arm(AppLocation where, Run<?, ?> run, Instant at, int attempt) {
        long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
        ScheduledFuture<?> next = DeliveryExecutor.get().schedule(() -> scaleDown(where, run, attempt), delay, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = PENDING.put(where.toString(), next);
        if (earlier != null && earlier != next) {
            earlier.cancel(false);
        }
    }

    private static void scaleDown(AppLocation where, Run<?, ?> run, int attempt) {
        try (ClusterConnection c = DeliveryConfiguration.get().connect(where, run)) {
            DeliveryState after = c.engine("jenkins:scale-down").scaleDownIfDue(where.app());
            ScaleDown still = after.scaleDown();
            if (still == null) {
                PENDING.remove(where.toString());
                return;
            }
            // not due by the engine's clock yet, or a later operation set a new one
            arm(where, run, laterOf(still.at(), Instant.now().plus(MIN_RECHECK)), 1);
        } catch (RuntimeException e) {
            if (attempt >= MAX_ATTEMPTS) {
                PENDING.remove(where.toString());
                LOG.log(Level.WARNING, "scale-down of the warm slot of " + where + " left for the next operation on it", e);
                return;
            }
            LOG.log(Level.FINE, "scale-down of the warm slot of " + where + " failed; trying again", e);
            arm(where, run, Instant.now().plus(MIN_RECHECK.multipliedBy(attempt * 5L)), attempt + 1);
        }
    }

    private static Instant laterOf(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
