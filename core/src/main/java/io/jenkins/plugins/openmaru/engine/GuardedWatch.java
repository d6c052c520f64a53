package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A watch opened off the driver's thread, with a deadline. fabric8 blocks in {@code watch()} until the
 * server answers the upgrade, with no timeout: an API server (or proxy) that accepts the connection and
 * never answers would otherwise stall the driver, lease renewals included. A watch that is not open
 * within {@link #SETUP_TIMEOUT} counts as lost, and so does one older than its maximum age (a watch can
 * go silent without closing), so the driver opens a new one.
 */
final class GuardedWatch {
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(5);
    /** An open that failed at once is retried this much later, not in a tight loop. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final ExecutorService OPENERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "openmaru-watch-open");
        t.setDaemon(true);
        return t;
    });

    private final Instant openedAt = Instant.now();
    private final Duration maxAge;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final Consumer<GuardedWatch> onLost;
    private volatile Watch watch;
    private volatile boolean closed;

    private GuardedWatch(Duration maxAge, Consumer<GuardedWatch> onLost) {
        this.maxAge = maxAge;
        this.onLost = onLost;
    }

    /**
     * Opens {@code opener}'s watch in the background; the opener gets the callback its watcher calls when the server
     * closes the watch. {@code onOpen} runs once it is open; {@code onLost} runs once, with this guard, if it does not
     * open in time, fails to open, or the server closes it.
     */
    static GuardedWatch open(Function<Runnable, Watch> opener, Duration maxAge, ScheduledExecutorService scheduler, Runnable onOpen,
            Consumer<GuardedWatch> onLost) {
        GuardedWatch g = new GuardedWatch(maxAge, onLost);
        CompletableFuture<Watch> f = CompletableFuture.supplyAsync(() -> opener.apply(g::lose), OPENERS);
        scheduler.schedule(() -> {
            if (!f.isDone()) {
                g.lose();
            }
        }, SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        f.whenComplete((w, e) -> {
            if (e != null) {
                scheduler.schedule(g::lose, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } else if (g.closed || g.lost.get()) {
                w.close();
            } else {
                g.watch = w;
                onOpen.run();
            }
        });
        return g;
    }

    /** Whether this watch should be replaced: lost, or open longer than its maximum age. */
    boolean stale() {
        return lost.get() || Instant.now().isAfter(openedAt.plus(maxAge));
    }

    void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
    }

    private void lose() {
        if (!closed && lost.compareAndSet(false, true)) {
            close();
            onLost.accept(this);
        }
    }
}
