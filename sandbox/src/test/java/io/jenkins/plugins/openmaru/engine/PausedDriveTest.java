package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Paused rollouts as the API server sees them: drives of one namespace share one state watch, a paused drive sends
 * nothing but its lease's renewal (one PUT), renewals do not wait for a busy reconcile pool, and the shared watch
 * resumes from its last resourceVersion or lists again after 410 Gone. The drives' client goes through a fault proxy,
 * whose request log is what the API server received from them.
 */
class PausedDriveTest {
    /**
     * The shortest lease a Lease object can carry (whole seconds), through the same setting as in production: the test
     * watches renewals for a few leases' time, so a short lease keeps it short. Renewals come every third of it.
     */
    private static final Duration LEASE = Duration.ofSeconds(1);
    static SimulatedOpenShift cluster;
    static KubernetesClient direct;
    FaultProxy proxy;
    KubernetesClient proxied;
    ScheduledExecutorService pool;
    final List<RolloutDriver.Drive> drives = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedOpenShift.start(Duration.ofMillis(30));
        direct = cluster.newClient();
    }

    @AfterAll
    static void stopCluster() {
        direct.close();
        cluster.close();
    }

    @BeforeEach
    void connect() {
        proxy = FaultProxy.start(cluster.url());
        proxied = ClusterClients.create(new ConfigBuilder(cluster.config("paused-drive-test")).withMasterUrl(proxy.url()).build());
        pool = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void disconnect() {
        drives.forEach(RolloutDriver.Drive::cancel);
        pool.shutdownNow();
        proxied.close();
        proxy.close();
    }

    private RolloutEngine engine(KubernetesClient client, String identity) {
        return new RolloutEngine(client, EngineConfig.of(identity).withLeaseDuration(LEASE));
    }

    /** An app whose second release is a canary paused at 20 % until someone decides, driven through the proxy. */
    private RolloutDriver.Drive pausedCanary(AppRef app, RolloutEngine engine, RolloutDriver driver) {
        EngineHarness.firstRelease(engine(direct, "setup"), direct, app, "registry/shop:1.0");
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.pause()).build(), Actor.of("test"));
        RolloutDriver.Drive d = driver.drive(app, p -> { });
        drives.add(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.status(app).rollout().phase() == RolloutPhase.PAUSED
                || engine.status(app).rollout().weight() == 20);
        return d;
    }

    private List<String> requestsSince(int from) {
        List<String> all = proxy.requests();
        return all.subList(from, all.size());
    }

    @Test
    void pausedDrivesOfOneNamespaceShareOneWatchAndSendOnlyTheirLeaseRenewals() throws Exception {
        String ns = EngineHarness.freshNamespace();
        RolloutEngine engine = engine(proxied, "jenkins:shop#2");
        RolloutDriver driver = new RolloutDriver(engine, pool);
        pausedCanary(new AppRef(ns, "shop"), engine, driver);
        pausedCanary(new AppRef(ns, "cart"), engine, driver);
        // Settled: each drive has reconciled its pause, and the shared watch is open.
        Thread.sleep(LEASE.toMillis());

        int from = proxy.requests().size();
        Thread.sleep(LEASE.toMillis() * 2);
        List<String> paused = requestsSince(from);

        assertThat(paused).as("only the two leases' renewals, one PUT each per third of the lease")
                .allMatch(r -> r.startsWith("PUT /apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases/"));
        assertThat(paused).hasSizeBetween(8, 14);
        assertThat(proxy.requests().stream().filter(r -> r.contains("/namespaces/" + ns + "/configmaps") && r.contains("watch=true")))
                .as("one state watch for the namespace, whatever the number of apps").hasSize(1);
        for (String app : List.of("shop", "cart")) {
            // A lease's age as of when it was asked for: the answer's own latency on a loaded machine is no renewal's lateness.
            Instant asked = Instant.now();
            Lease l = direct.leases().inNamespace(ns).withName(app + "-delivery").get();
            assertThat(l.getSpec().getHolderIdentity()).isEqualTo("jenkins:shop#2");
            assertThat(l.getSpec().getRenewTime().toInstant()).isAfter(asked.minus(LEASE));
        }
    }

    @Test
    void aPausedDriveSeesAPromoteFromElsewhere() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine engine = engine(proxied, "jenkins:shop#2");
        RolloutDriver.Drive d = pausedCanary(app, engine, new RolloutDriver(engine, pool));

        engine(direct, "alice").promote(app, Actor.of("alice"));

        assertThat(d.done().get(20, TimeUnit.SECONDS).state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
    }

    @Test
    void aPausedDriveSeesAnAbortByItsOwnEngineFromElsewhere() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine engine = engine(proxied, "cli:alice");
        RolloutDriver.Drive d = pausedCanary(app, engine, new RolloutDriver(engine, pool));

        engine.abort(app, Actor.of("alice"));

        assertThat(d.done().get(20, TimeUnit.SECONDS).state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }

    @Test
    void leasesAreRenewedWhileEveryReconcileThreadIsBusy() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine engine = engine(proxied, "jenkins:shop#2");
        ScheduledExecutorService one = Executors.newSingleThreadScheduledExecutor();
        try {
            pausedCanary(app, engine, new RolloutDriver(engine, one));
            CountDownLatch release = new CountDownLatch(1);
            one.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep(LEASE.toMillis() * 2);
            Instant asked = Instant.now();
            Instant renewed = direct.leases().inNamespace(app.namespace()).withName(AppLease.name(app)).get().getSpec().getRenewTime().toInstant();
            release.countDown();

            assertThat(renewed).as("renewed by its own scheduler while the reconcile thread was blocked").isAfter(asked.minus(LEASE));
            assertThat(engine(direct, "cli:bob").leaseHolder(app)).hasValueSatisfying(h -> assertThat(h.identity()).isEqualTo("jenkins:shop#2"));
        } finally {
            one.shutdownNow();
        }
    }

    /**
     * Four times as many paused apps as renewal threads, and an API server that takes a quarter of the lease to answer each
     * lease write: a renewal that held a thread until its answer came would renew each lease only every apps x delay / threads
     * (a whole lease here), so the leases would expire while their drives are alive. A renewal that holds no thread while
     * waiting leaves a lease at most a third of the lease plus one delay old.
     */
    @Test
    @Tag("slow") // a small scale run: 32 canaries set up, then two leases watched; failsafe runs it in verify
    void leasesOfManyPausedAppsStayFreshWhileTheApiServerAnswersSlowly() throws Exception {
        Duration lease = Duration.ofSeconds(4);
        String ns = EngineHarness.freshNamespace();
        RolloutEngine engine = new RolloutEngine(proxied, EngineConfig.of("jenkins:many").withLeaseDuration(lease));
        RolloutDriver driver = new RolloutDriver(engine, pool);
        int apps = 32;
        for (int i = 0; i < apps; i++) {
            pausedCanary(new AppRef(ns, "app" + i), engine, driver);
        }
        proxy.rules().add(FaultRule.on("PUT", ".*/namespaces/" + ns + "/leases/.*", new FaultRule.Delay(lease.dividedBy(4))).always());

        Duration oldest = Duration.ZERO;
        for (Instant end = Instant.now().plus(lease.multipliedBy(2)); Instant.now().isBefore(end); Thread.sleep(200)) {
            Instant now = Instant.now();
            for (Lease l : direct.leases().inNamespace(ns).list().getItems()) {
                Duration age = Duration.between(l.getSpec().getRenewTime().toInstant(), now);
                oldest = age.compareTo(oldest) > 0 ? age : oldest;
            }
        }

        assertThat(proxy.rules().hits(0)).as("lease writes were slowed").isGreaterThan(apps);
        assertThat(oldest).as("the least recently renewed of " + apps + " leases, looked at every 200 ms").isLessThan(lease);
        assertThat(direct.leases().inNamespace(ns).list().getItems()).allSatisfy(l -> assertThat(l.getSpec().getHolderIdentity()).isEqualTo("jenkins:many"));
    }

    /** A build stopped while its drive's first reconcile waits for the API server: nothing may renew the lease after that. */
    @Test
    void aDriveCancelledWhileItsReconcileRunsLeavesNoRenewalBehind() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine engine = engine(proxied, "jenkins:shop#2");
        EngineHarness.firstRelease(engine(direct, "setup"), direct, app, "registry/shop:1.0");
        engine.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.pause()).build(), Actor.of("test"));
        proxy.rules().add(FaultRule.on("GET", ".*/namespaces/" + app.namespace() + "/configmaps/.*", new FaultRule.Delay(Duration.ofSeconds(1))));
        RolloutDriver.Drive d = new RolloutDriver(engine, pool).drive(app, p -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.rules().hits(0) == 1);
        d.cancel();
        Thread.sleep(1500);

        int from = proxy.requests().size();
        Thread.sleep(LEASE.toMillis() * 2);
        assertThat(requestsSince(from)).as("no request for the app of a cancelled drive, its lease's renewal included")
                .noneMatch(r -> r.contains("/namespaces/" + app.namespace() + "/"));
    }

    @Test
    void theSharedWatchResumesFromItsLastResourceVersionWhenCut() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        proxy.rules().add(FaultRule.on("GET", ".*/namespaces/" + app.namespace() + "/configmaps\\?.*", new FaultRule.CutWatch(Duration.ofMillis(500))));
        RolloutEngine engine = engine(proxied, "jenkins:shop#2");
        RolloutDriver.Drive d = pausedCanary(app, engine, new RolloutDriver(engine, pool));
        await().atMost(Duration.ofSeconds(20)).until(() -> watches(app).size() >= 2);

        assertThat(lists(app)).as("no second list after a cut watch").hasSize(1);
        assertThat(watches(app).get(1)).containsPattern("resourceVersion=[1-9]");

        engine(direct, "alice").promote(app, Actor.of("alice"));
        assertThat(d.done().get(20, TimeUnit.SECONDS).state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
    }

    @Test
    void theSharedWatchListsAgainAfter410Gone() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        proxy.rules().add(FaultRule.on("GET", ".*/namespaces/" + app.namespace() + "/configmaps\\?.*", new FaultRule.Gone()));
        RolloutEngine engine = engine(proxied, "jenkins:shop#2");
        RolloutDriver.Drive d = pausedCanary(app, engine, new RolloutDriver(engine, pool));
        await().atMost(Duration.ofSeconds(20)).until(() -> lists(app).size() >= 2 && watches(app).size() >= 2);

        engine(direct, "alice").promote(app, Actor.of("alice"));
        assertThat(d.done().get(20, TimeUnit.SECONDS).state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(proxy.rules().hits(0)).isEqualTo(1);
    }

    @Test
    void aFollowingDriveSendsNothingWhileTheRolloutIsPausedAndEndsWithIt() throws Exception {
        AppRef app = new AppRef(EngineHarness.freshNamespace(), "shop");
        RolloutEngine owner = engine(direct, "jenkins:shop#2");
        ScheduledExecutorService ownerPool = Executors.newSingleThreadScheduledExecutor();
        try {
            EngineHarness.firstRelease(engine(direct, "setup"), direct, app, "registry/shop:1.0");
            owner.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                    .canary(CanaryStep.setWeight(20), CanaryStep.pause()).build(), Actor.of("test"));
            drives.add(new RolloutDriver(owner, ownerPool).drive(app, p -> { }));
            List<RolloutDriver.Followed> seen = new CopyOnWriteArrayList<>();
            RolloutDriver.Drive follower = new RolloutDriver(engine(proxied, "jenkins:shop-promote#3"), pool).follow(app, p -> { }, seen::add);
            drives.add(follower);
            // Paused is the last state the owner writes before the promote; an earlier step's write would wake the follower.
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream()
                    .anyMatch(f -> f.state().rollout() != null && f.state().rollout().phase() == RolloutPhase.PAUSED));
            // A reconcile may have read PAUSED before the watch delivered that write's event, which then wakes the follower
            // once more (one lease read): the window starts after that.
            Thread.sleep(300);

            // The follower looks again when the holder's lease would have expired (renewed at most a lease ago, plus a margin).
            int from = proxy.requests().size();
            Thread.sleep(LEASE.toMillis());
            assertThat(requestsSince(from)).as("no polling while following a paused rollout").isEmpty();
            assertThat(seen.get(0).holder()).isEqualTo("jenkins:shop#2");

            owner.promote(app, Actor.of("alice"));
            assertThat(follower.done().get(20, TimeUnit.SECONDS).state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        } finally {
            ownerPool.shutdownNow();
        }
    }

    private List<String> lists(AppRef app) {
        return proxy.requests().stream().filter(r -> r.startsWith("GET /api/v1/namespaces/" + app.namespace() + "/configmaps?") && !r.contains("watch=true")).toList();
    }

    private List<String> watches(AppRef app) {
        return proxy.requests().stream().filter(r -> r.startsWith("GET /api/v1/namespaces/" + app.namespace() + "/configmaps?") && r.contains("watch=true")).toList();
    }
}
