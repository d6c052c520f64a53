package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.AppRef;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renews the leases of the apps being driven, every third of the lease's duration, on timers of their own: a renewal
 * never waits behind reconciles (gate measurements, slow writes). Its PUT is sent on the client's asynchronous HTTP,
 * so up to {@link #IN_FLIGHT} renewals wait for their answers at once (OkHttp runs each on a dispatcher thread while it
 * waits), not as many as there are renewal threads: with 1,000 apps (50 renewals a second) renewals keep their period
 * until answers take 0.32 s, and then stretch evenly. A lease is
 * at most a third of its duration (or one answer, if longer) plus one answer old. Only a renewal that must read the
 * Lease first (none written yet, or a conflict) takes one of the timer threads for its requests.
 */
final class LeaseRenewals {
    private static final Logger LOG = Logger.getLogger(LeaseRenewals.class.getName());
    /** Timers, and the rare renewal that reads the Lease and decides (a conflict); an ordinary renewal holds neither while it waits. */
    static final int THREADS = 2;
    /**
     * Renewals waiting for their answers at once: each holds an OkHttp dispatcher thread meanwhile, so this bounds what a
     * slow API server costs in threads. A timer whose renewal finds none free waits for one, and the renewals due after it
     * wait behind it: renewals then stretch evenly, and a lease expires only once its app's share of this bound cannot
     * keep up (1,000 apps and 60 s leases: answers slower than 0.96 s; with 8 threads that each waited for an answer: 0.48 s).
     * At 1,000 apps on a saturated sandbox, 32 in flight took the JVM to 58 threads (the goal is 40).
     */
    static final int IN_FLIGHT = 16;
    private static final Semaphore SENDING = new Semaphore(IN_FLIGHT, true);
    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private LeaseRenewals() {}

    /**
     * Renews {@code app}'s lease for {@code engine}'s identity until the renewal is cancelled; {@code lost} runs when another
     * identity took it over. A third of the lease after each renewal was sent, or at its answer if that came later: one
     * renewal of a lease at a time, so renewals that fell behind do not catch up in a burst of extra requests. After a
     * failure, a third of the lease after it.
     */
    static Renewal keep(RolloutEngine engine, AppRef app, Runnable lost) {
        Renewal r = new Renewal(engine, app, lost, false);
        r.scheduleNext();
        return r;
    }

    /**
     * Renews the lease {@code engine} holds for {@code app} while one engine operation runs, every third of the lease, so
     * that a long operation (a rollout's start, a driver's first reconcile measuring a slow gate) does not outlive it
     * before a driver renews it. Only the lease this engine holds is renewed: it stops, without reading or taking the
     * Lease, once that is gone (released, or written by someone else). An operation shorter than a third of the lease
     * sends nothing.
     */
    static Renewal during(RolloutEngine engine, AppRef app) {
        Renewal r = new Renewal(engine, app, () -> {}, true);
        r.scheduleNext();
        return r;
    }

    /** One app's renewals. */
    static final class Renewal {
        private final RolloutEngine engine;
        private final AppRef app;
        private final Runnable lost;
        private final long period;
        /** Renews only what this engine holds: never reads or takes the Lease. */
        private final boolean heldOnly;
        private boolean cancelled;
        private ScheduledFuture<?> next;

        private Renewal(RolloutEngine engine, AppRef app, Runnable lost, boolean heldOnly) {
            this.engine = engine;
            this.app = app;
            this.lost = lost;
            this.heldOnly = heldOnly;
            this.period = Math.max(1, engine.config().leaseDuration().toMillis() / 3);
        }

        private void scheduleNext() {
            scheduleNext(period);
        }

        private synchronized void scheduleNext(long delay) {
            if (!cancelled) {
                next = SCHEDULER.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
            }
        }

        private void renew() {
            try {
                SENDING.acquire();
            } catch (InterruptedException e) {
                // the scheduler is shutting down (the JVM exits)
                Thread.currentThread().interrupt();
                return;
            }
            if (cancelled()) {
                SENDING.release();
                return;
            }
            long started = System.nanoTime();
            try {
                engine.renewLeaseWithoutWaiting(app).whenComplete((renewed, failure) -> {
                    SENDING.release();
                    if (cancelled()) {
                        // the drive ended (and its client may be closed) while the answer was on its way
                        return;
                    }
                    if (failure != null) {
                        failed(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                        scheduleNext();
                    } else if (renewed) {
                        scheduleNext(Math.max(0, period - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
                    } else if (!heldOnly) {
                        SCHEDULER.execute(this::readAndRenew);
                    }
                });
            } catch (RuntimeException e) {
                SENDING.release();
                failed(e);
                scheduleNext();
            }
        }

        /** Nothing was written yet, or the PUT conflicted: read the Lease and decide, unless the drive stopped meanwhile. */
        private void readAndRenew() {
            if (cancelled()) {
                return;
            }
            try {
                engine.renewLease(app);
            } catch (RuntimeException e) {
                failed(e);
            }
            scheduleNext();
        }

        private void failed(Throwable e) {
            if (e instanceof LeaseHeldException) {
                lost.run();
            } else {
                // The next period tries again; a lease outlives two failed renewals.
                LOG.log(Level.WARNING, "renewing the lease of " + app + " failed", e);
            }
        }

        private synchronized boolean cancelled() {
            return cancelled;
        }

        synchronized void cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
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
