package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.AppRef;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renews the leases of the apps being driven, every third of the lease's duration, on threads of their own:
 * a renewal never waits behind reconciles (gate measurements, slow writes), so no lease expires while its driver
 * is alive, however many apps it drives. One renewal is one PUT.
 */
final class LeaseRenewals {
    private static final Logger LOG = Logger.getLogger(LeaseRenewals.class.getName());
    /**
     * A renewal is one short request, but each waits for its answer: at 1,000 apps (50 renewals a second) two threads fell
     * behind once answers took 40 ms or more on a loaded machine.
     */
    static final int THREADS = 8;
    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private LeaseRenewals() {}

    /**
     * Renews {@code app}'s lease for {@code engine}'s identity until the returned future is cancelled; {@code lost} runs
     * when another identity took it over. A third of the lease after each renewal ends, not at a fixed rate: renewals that
     * fell behind do not catch up in a burst of extra requests.
     */
    static ScheduledFuture<?> keep(RolloutEngine engine, AppRef app, Runnable lost) {
        long period = Math.max(1, engine.config().leaseDuration().toMillis() / 3);
        return SCHEDULER.scheduleWithFixedDelay(() -> renew(engine, app, lost), period, period, TimeUnit.MILLISECONDS);
    }

    private static void renew(RolloutEngine engine, AppRef app, Runnable lost) {
        try {
            engine.renewLease(app);
        } catch (LeaseHeldException e) {
            lost.run();
        } catch (RuntimeException e) {
            // The next period tries again; a lease outlives two failed renewals.
            LOG.log(Level.WARNING, "renewing the lease of " + app + " failed", e);
        }
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "openmaru-lease-renewal-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
