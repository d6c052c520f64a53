package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A renewal keeps a lease, it never takes one: a driver's renewal that read the Lease just before the driver released it
 * (the drive ended while the renewal was on its way) leaves it free, and one that finds another holder says so. Before,
 * the renewal's conflicting write fell back to taking the lease, and a finished CLI stayed the app's driver until the lease
 * expired (ReliabilityMatrixTest's kill-and-resume, about one run in three).
 */
class LeaseRenewalRaceTest extends ClusterTestBase {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final String DRIVER = "cli:alice@laptop#42";

    @Test
    void aReleaseBetweenARenewalsReadAndItsWriteLeavesTheLeaseFree() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(cluster.config("renewal-race-test")).withMasterUrl(proxy.url()).build())) {
            AppLease renewing = new AppLease(proxied, Clock.systemUTC(), LEASE);
            AppLease releasing = new AppLease(client, Clock.systemUTC(), LEASE);
            renewing.acquire(app, DRIVER);
            releasing.acquire(app, DRIVER);
            String leasePut = "PUT /apis/coordination.k8s.io/v1/namespaces/" + app.namespace() + "/leases/" + AppLease.name(app);
            int putsBefore = (int) proxy.requests().stream().filter(leasePut::equals).count();
            // the renewal's read goes through at once; its write waits at the proxy until the release has landed
            proxy.rules().add(FaultRule.on("PUT", ".*/leases/.*", new FaultRule.Delay(Duration.ofSeconds(2))));

            CompletableFuture<Void> renewal = CompletableFuture.runAsync(() -> renewing.renewUnlessReleased(app, DRIVER));
            proxy.received(leasePut, putsBefore + 1).get(10, TimeUnit.SECONDS);
            releasing.release(app, DRIVER);
            renewal.get(10, TimeUnit.SECONDS);

            assertThat(releasing.holder(app)).as("released, and not taken back by the renewal").isEmpty();
        }
    }

    @Test
    void aRenewalThatFindsAnotherHolderSaysSoAndTakesNothing() {
        AppLease mine = new AppLease(client, Clock.systemUTC(), LEASE);
        AppLease theirs = new AppLease(client, Clock.systemUTC(), LEASE);
        mine.acquire(app, DRIVER);
        mine.release(app, DRIVER);
        theirs.acquire(app, "jenkins:shop#7");

        assertThatThrownBy(() -> mine.renewUnlessReleased(app, DRIVER)).isInstanceOf(LeaseHeldException.class);
        assertThat(theirs.holder(app).orElseThrow().identity()).isEqualTo("jenkins:shop#7");
    }
}
