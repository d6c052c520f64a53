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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one Deployment to become available by watching it. Every {@link #RECHECK} the caller's
 * keep-alive runs (to renew the lease) and the Deployment is read again, in case the watch dropped.
 */
final class SlotAvailability {
    static final Duration RECHECK = Duration.ofSeconds(2);

    private SlotAvailability() {}

    /** True when the Deployment became available before {@code deadline}. */
    static boolean await(KubernetesClient client, String namespace, String name, Instant deadline, Clock clock, Runnable keepAlive) {
        CompletableFuture<Void> available = new CompletableFuture<>();
        var deployment = client.apps().deployments().inNamespace(namespace).withName(name);
        try (Watch ignored = deployment.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (Availability.isAvailable(d)) {
                    available.complete(null);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the periodic re-read below takes over
            }
        })) {
            while (true) {
                if (Availability.isAvailable(deployment.get())) {
                    return true;
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return false;
                }
                try {
                    available.get(Math.min(left.toMillis(), RECHECK.toMillis()), TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    keepAlive.run();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
