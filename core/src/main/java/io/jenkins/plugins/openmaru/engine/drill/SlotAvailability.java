package io.jenkins.plugins.openmaru.engine.drill;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.openmaru.workload.Availability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits for one Deployment to become available by watching it, holding no thread: the watch completes the
 * wait, and a timer every {@link #RECHECK} runs the caller's keep-alive (to renew the lease) and reads the
 * Deployment again, in case the watch dropped. At the deadline the wait ends unavailable.
 */
final class SlotAvailability {
    static final Duration RECHECK = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Instant deadline;
    private final Clock clock;
    private final Runnable keepAlive;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Boolean> available = new CompletableFuture<>();
    private Watch watch;
    private ScheduledFuture<?> timer;

    private SlotAvailability(KubernetesClient client, String namespace, String name, Instant deadline, Clock clock, Runnable keepAlive,
            ScheduledExecutorService scheduler) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.deadline = deadline;
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.scheduler = scheduler;
    }

    /**
     * Completes with true when the Deployment is available, false at {@code deadline} or when {@code stop}
     * completes first; exceptionally when the keep-alive or a read fails. Completion runs on {@code scheduler}.
     */
    static CompletableFuture<Boolean> await(KubernetesClient client, String namespace, String name, Instant deadline, Clock clock,
            Runnable keepAlive, ScheduledExecutorService scheduler, CompletableFuture<?> stop) {
        SlotAvailability wait = new SlotAvailability(client, namespace, name, deadline, clock, keepAlive, scheduler);
        stop.whenComplete((x, e) -> wait.available.complete(false));
        wait.start();
        return wait.available.whenCompleteAsync((x, e) -> wait.close(), scheduler);
    }

    private synchronized void start() {
        watch = client.apps().deployments().inNamespace(namespace).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (Availability.isAvailable(d)) {
                    available.complete(true);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the periodic re-read takes over
            }
        });
        // It may have become available before the watch started.
        scheduler.execute(this::check);
    }

    /** One look: available, past the deadline, or keep the lease and look again later. */
    private void check() {
        if (available.isDone()) {
            return;
        }
        try {
            if (Availability.isAvailable(client.apps().deployments().inNamespace(namespace).withName(name).get())) {
                available.complete(true);
                return;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                available.complete(false);
                return;
            }
            keepAlive.run();
            synchronized (this) {
                if (!available.isDone()) {
                    timer = scheduler.schedule(this::check, Math.min(left.toMillis(), RECHECK.toMillis()), TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            available.completeExceptionally(e);
        }
    }

    private synchronized void close() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (watch != null) {
            watch.close();
        }
    }
}
