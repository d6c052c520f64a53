package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease a rollout's start takes stays renewed until the driver's own renewals begin: a first step longer than the
 * lease (a gate that answers slowly) must not let another actor take the rollout over in the middle of it.
 */
class LeaseDuringLongStepTest extends ClusterTestBase {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    /** Measures for longer than the lease; {@code measuring} opens when it starts. */
    private record SlowGate(CountDownLatch measuring, Duration takes) implements HealthGate {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public GateResult evaluate(GateContext context) {
            measuring.countDown();
            try {
                Thread.sleep(takes.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new GateResult(name(), Verdict.PASS, "slow PASS", Clock.systemUTC().instant());
        }
    }

    private RolloutEngine engine(String identity, HealthGate gate) {
        return new RolloutEngine(cluster.newClient(), EngineConfig.of(identity).withLeaseDuration(LEASE).withGates(spec -> gate));
    }

    @Test
    void aFirstStepLongerThanTheLeaseKeepsTheLease() throws Exception {
        CountDownLatch measuring = new CountDownLatch(1);
        RolloutEngine driving = engine("jenkins:shop#7", new SlowGate(measuring, LEASE.multipliedBy(2)));
        EngineHarness.firstRelease(driving, client, app, "registry/shop:1.0");
        driving.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(CanaryStep.setWeight(20),
                CanaryStep.analysis(AnalysisPolicy.builder().build(), List.of(GateSpec.readiness()))).build(), Actor.of("alice"));
        // the candidate is available before the driver's first reconcile, which then measures the slow gate at once
        awaitAvailable(client, app, Slot.GREEN);
        driveAndTryToTakeOver(driving, () -> measuring.getCount() == 0);
    }

    /**
     * Drives the app with {@code driving}; once {@code windowOpen} says so, waits longer than the lease: another identity
     * must still find the lease held by {@code driving}.
     */
    private void driveAndTryToTakeOver(RolloutEngine driving, Callable<Boolean> windowOpen) throws InterruptedException {
        String identity = driving.config().identity();
        RolloutDriver.Drive drive = new RolloutDriver(driving, scheduler).drive(app, p -> {});
        try {
            await().atMost(Duration.ofSeconds(10)).until(windowOpen);
            Thread.sleep(LEASE.plusMillis(500).toMillis());

            RolloutEngine intruder = engine("cli:mallory@laptop", new SlowGate(new CountDownLatch(1), Duration.ZERO));
            assertThatThrownBy(() -> intruder.reconcile(app)).isInstanceOf(LeaseHeldException.class).hasMessageContaining(identity);
            assertThat(driving.leaseHolder(app)).get().extracting(AppLease.Holder::identity).isEqualTo(identity);
        } finally {
            drive.cancel();
            driving.releaseLease(app);
        }
    }

    /**
     * Between the start and the driver's first reconcile nothing but the driver can renew the lease: here that reconcile's
     * first request, the read of the state (which comes before the lease), is held by the API server for twice the lease.
     */
    @Test
    void theLeaseStaysRenewedUntilTheDriversFirstReconcileTakesItOver() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(cluster.config("lease-handover-test")).withMasterUrl(proxy.url()).build())) {
            RolloutEngine driving = new RolloutEngine(proxied, EngineConfig.of("jenkins:shop#8").withLeaseDuration(LEASE));
            EngineHarness.firstRelease(driving, client, app, "registry/shop:1.0");
            driving.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0").canary(CanaryStep.setWeight(20), CanaryStep.pause())
                    .build(), Actor.of("alice"));
            proxy.rules().add(FaultRule.on("GET", ".*/namespaces/" + app.namespace() + "/configmaps/" + StateStore.name(app),
                    new FaultRule.Delay(LEASE.multipliedBy(2))));
            driveAndTryToTakeOver(driving, () -> proxy.rules().hits(0) == 1);
        }
    }
}
