package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reliability matrix (docs/reliability.md): each case injects one fault between the CLI (or the
 * engine) and the sandbox's API server with a {@link FaultProxy}, then checks from a clean client what
 * serves (Route weights), what the state and history say, who holds the lease, and the exit code and
 * message the user got.
 */
@Tag("slow")
class ReliabilityMatrixTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();
    static FaultProxy proxy;
    static Path proxied;
    AppRef app;

    @BeforeAll
    static void start() throws IOException {
        proxy = FaultProxy.start(cli.sandbox.cluster().url());
        proxied = Files.createTempFile("openmaru-faults", ".kubeconfig");
        SandboxKubeconfig.write(proxied, proxy.url(), "default");
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        Files.deleteIfExists(proxied);
    }

    @BeforeEach
    void freshApp() {
        app = new AppRef(CliHarness.freshNamespace(), "shop");
    }

    @AfterEach
    void healTheNetwork() {
        proxy.rules().clear();
    }

    /** The CLI through the fault proxy. */
    CliHarness.Run faulty(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", proxied.toString(), "-n", app.namespace()));
        all.addAll(List.of(args));
        return CliHarness.runWithoutKubeconfig(all.toArray(String[]::new));
    }

    /** The CLI straight to the API server: the clean client that checks outcomes. */
    CliHarness.Run clean(String... args) {
        return clean(app, args);
    }

    static CliHarness.Run clean(AppRef at, String... args) {
        List<String> all = new ArrayList<>(List.of("-n", at.namespace()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    void release(String version) {
        CliHarness.Run r = clean("canary", "shop", "--image", "quay.io/acme/shop:" + version, "--steps", "100");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    String weights() {
        return weights(app);
    }

    static String weights(AppRef at) {
        var spec = cli.route(at).getSpec();
        StringBuilder b = new StringBuilder(spec.getTo().getName() + "=" + spec.getTo().getWeight());
        spec.getAlternateBackends().forEach(x -> b.append(",").append(x.getName()).append("=").append(x.getWeight()));
        return b.toString();
    }

    JsonNode status() {
        return status(app);
    }

    static JsonNode status(AppRef at) {
        return clean(at, "status", "shop", "-o", "json").json();
    }

    JsonNode newestRelease() {
        return clean("history", "shop", "-o", "json").json().get("releases").get(0);
    }

    // 1. A watch that connects but never answers must not hang the rollout.
    @ParameterizedTest(name = "1. black-holed {0} watch")
    @ValueSource(strings = {"configmaps", "deployments"})
    void blackHoledWatchDoesNotHangTheRollout(String kind) throws Exception {
        release("v1");
        proxy.rules().add(FaultRule.on("GET", ".*/" + kind + "\\?.*watch=true.*", new FaultRule.BlackHole()));

        // the candidate must still be rolling out when the rollout starts watching for it
        CliHarness.Run r = withSlowRollouts(() -> {
            CompletableFuture<CliHarness.Run> run = CompletableFuture.supplyAsync(
                    () -> faulty("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,pause:1s,100"));
            return await().atMost(Duration.ofSeconds(40)).until(() -> run.getNow(null), x -> x != null);
        });
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(proxy.rules().hits(0)).isEqualTo(1);
        assertThat(weights()).isEqualTo("shop-green=100");
        assertThat(status().get("phase").asText()).isEqualTo("PROMOTED");
        assertThat(status().get("driver").isNull()).isTrue();
    }

    // 4. A conflict on the Lease means "read again"; the driver still holding it goes on.
    @Test
    void leaseRenewalAnswered409GoesOn() throws Exception {
        release("v1");
        String identity = "cli:matrix@host#4";
        try (KubernetesClient client = proxiedClient()) {
            RolloutEngine engine = new RolloutEngine(client, cli.sandbox.engineConfig(identity).withLeaseDuration(Duration.ofMillis(1500)));
            RolloutSpec spec = RolloutSpec.builder(app.namespace(), "shop", "quay.io/acme/shop:v2")
                    .canary(CanaryStep.setWeight(20), CanaryStep.pause(Duration.ofSeconds(2)), CanaryStep.setWeight(100)).build();
            engine.start(spec, Actor.of("cli:matrix"));
            proxy.rules().add(FaultRule.on("PUT", ".*/leases/shop-delivery", FaultRule.answer(409)));
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
            try {
                Progress end = new RolloutDriver(engine, scheduler).drive(app, p -> { }).done().get(30, TimeUnit.SECONDS);
                assertThat(end.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
            } finally {
                scheduler.shutdownNow();
            }
        }
        assertThat(proxy.rules().hits(0)).isEqualTo(1);
        assertThat(weights()).isEqualTo("shop-green=100");
    }

    // 13. Found by the fault matrix (drill, last lease write answered 409): the release gave up on a conflict and left the
    //     lease naming a CLI that had exited. A conflict means "read again": still ours, so release it.
    @Test
    void leaseReleaseAnswered409IsReadAgainAndReleased() {
        AppLease lease = new AppLease(cli.sandbox.client(), Clock.systemUTC(), Duration.ofSeconds(60));
        lease.acquire(app, "cli:matrix@host#13");
        proxy.rules().add(FaultRule.on("PUT", ".*/leases/shop-delivery", FaultRule.answer(409)));

        try (KubernetesClient client = proxiedClient()) {
            new AppLease(client, Clock.systemUTC(), Duration.ofSeconds(60)).release(app, "cli:matrix@host#13");
        }

        assertThat(proxy.rules().hits(0)).isEqualTo(1);
        assertThat(lease.holder(app)).isEmpty();
    }

    // 5. A write whose response is lost is retried safely: "already exists with what we wrote" is success.
    @ParameterizedTest(name = "5. response lost: {0}")
    @ValueSource(strings = {"POST configmaps", "POST routes", "POST leases", "POST deployments", "POST services",
            "PUT configmaps", "PUT routes", "PUT leases"})
    void writeWhoseResponseIsLostIsRetried(String write) {
        String[] w = write.split(" ");
        boolean first = w[0].equals("POST");
        if (!first) {
            release("v1");
        }
        proxy.rules().add(FaultRule.on(w[0], ".*/" + w[1] + "(/shop[-a-z]*)?", new FaultRule.ResetAfter()));

        CliHarness.Run r = faulty("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "100");

        assertThat(proxy.rules().hits(0)).isEqualTo(1);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(weights()).isEqualTo(first ? "shop-blue=100" : "shop-green=100");
        assertThat(newestRelease().get("image").asText()).isEqualTo("quay.io/acme/shop:v2");
        assertThat(newestRelease().get("outcome").asText()).isEqualTo(first ? "DEPLOYED" : "PROMOTED");
        assertThat(status().get("driver").isNull()).isTrue();
    }

    // 8. The API server's 429 on the service proxy is not the app's answer: INCONCLUSIVE, and a healthy release is promoted.
    @Test
    void throttledServiceProxyIsInconclusiveNotAFailure() {
        release("v1");
        proxy.rules().add(FaultRule.on("GET", ".*/services/shop-green:8080/proxy/.*", FaultRule.answer(429, Duration.ofSeconds(1))).occurrences(1, 10));

        CliHarness.Run r = faulty("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "50,100", "--gate", "http:/health",
                "--analysis-interval", "1s", "--analysis-count", "2");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("INCONCLUSIVE");
        assertThat(weights()).isEqualTo("shop-green=100");
        assertThat(newestRelease().get("outcome").asText()).isEqualTo("PROMOTED");
    }

    // 8. Retries wait as long as the API server's Retry-After asks.
    @Test
    void throttlingIsWaitedOutAsRetryAfterSays() {
        release("v1");
        proxy.rules().add(FaultRule.on("GET", ".*/configmaps/shop-delivery", FaultRule.answer(429, Duration.ofSeconds(1))).occurrences(1, 4));
        long t0 = System.nanoTime();

        CliHarness.Run r = faulty("status", "shop", "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(r.json().get("stable").get("image").asText()).isEqualTo("quay.io/acme/shop:v1");
    }

    // 9. An early exit 3 gives the lease back.
    @Test
    void earlyExit3ReleasesTheLease() {
        release("v1");
        proxy.rules().add(FaultRule.on("POST", ".*/deployments", FaultRule.answer(500)).always());

        CliHarness.Run r = faulty("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,100");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(status().get("driver").isNull()).as(status().toString()).isTrue();
        assertThat(weights()).isEqualTo("shop-blue=100");
    }

    // 9. Two terminals of one user on one host are two drivers: the second is refused and names the first.
    @Test
    void twoTerminalsOfOneUserDoNotShareTheLease() {
        release("v1");
        CompletableFuture<CliHarness.Run> first = CompletableFuture.supplyAsync(
                () -> clean("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,manual,100"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAUSED".equals(status().get("phase").asText()));
        String driver = status().get("driver").asText();

        CompletableFuture<CliHarness.Run> second = CompletableFuture.supplyAsync(
                () -> clean("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,manual,100"));
        CliHarness.Run r = await().atMost(Duration.ofSeconds(20)).until(() -> second.getNow(null), x -> x != null);

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(r.err()).contains("is being driven by " + driver);
        assertThat(driver).startsWith("cli:" + System.getProperty("user.name") + "@");
        assertThat(clean("abort", "shop").exit()).isZero();
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> first.getNow(null), x -> x != null).exit()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(newestRelease().get("actor").asText()).isEqualTo("cli:" + System.getProperty("user.name"));
    }

    static KubernetesClient proxiedClient() {
        return ClusterClients.create(new ConfigBuilder(cli.sandbox.cluster().config("openmaru-matrix")).withMasterUrl(proxy.url()).build());
    }

    // 2. Ctrl-C while the API server is unreachable: the abort failed, and the CLI says so (exit 3), not "aborted" (130).
    @Test
    void ctrlCWhileTheApiIsUnreachableSaysTheAbortFailed() throws Exception {
        release("v1");
        try (Child child = child("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,manual,100")) {
            child.awaitOut("waiting   paused at 20%");
            proxy.rules().add(FaultRule.on("*", ".*", new FaultRule.ResetBefore()).always());

            int exit = child.interrupt();

            assertThat(exit).as(child.stderr()).isEqualTo(ExitCodes.CLUSTER);
            assertThat(child.stderr()).contains("openmaru: interrupted; the abort failed: cannot reach the API server")
                    .doesNotContain("aborted: by");
        }
        proxy.rules().clear();
        assertThat(weights()).isEqualTo("shop-blue=80,shop-green=20");
        assertThat(status().get("phase").asText()).isEqualTo("PAUSED");
        assertThat(status().get("weight").asInt()).isEqualTo(20);
        assertThat(newestRelease().get("image").asText()).isEqualTo("quay.io/acme/shop:v1");
    }

    // 2. Ctrl-C whose abort moved the traffic but could not record it: the CLI says exactly that.
    @Test
    void ctrlCWhoseAbortCouldNotBeRecordedSaysSo() throws Exception {
        release("v1");
        try (Child child = child("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,manual,100")) {
            child.awaitOut("waiting   paused at 20%");
            proxy.rules().add(FaultRule.on("PUT", ".*/configmaps/shop-delivery", FaultRule.answer(503)).always());

            int exit = child.interrupt();

            assertThat(exit).as(child.stderr()).isEqualTo(ExitCodes.CLUSTER);
            assertThat(child.stderr()).contains("the abort moved all traffic back to quay.io/acme/shop:v1 but could not record it",
                    "the state still says PAUSED at 20%; run 'openmaru abort shop' to record it");
        }
        proxy.rules().clear();
        assertThat(weights()).isEqualTo("shop-blue=100");
        assertThat(clean("abort", "shop").exit()).isZero();
        assertThat(newestRelease().get("outcome").asText()).isEqualTo("ABORTED");
        assertThat(weights()).isEqualTo("shop-blue=100");
    }

    // 3. Ctrl-C racing a promote: the promote won, and the CLI reports that (exit 0), not an abort (130).
    @Test
    void ctrlCRacingAPromoteReportsThePromotion() throws Exception {
        release("v1");
        try (Child child = child("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,manual,100")) {
            child.awaitOut("waiting   paused at 20%");
            // The child learns of the promote late: its reads of the state take 3 s from now on.
            proxy.rules().add(FaultRule.on("GET", ".*/configmaps/shop-delivery", new FaultRule.Delay(Duration.ofSeconds(3))).always());
            assertThat(clean("promote", "shop").exit()).isZero();

            int exit = child.interrupt();

            assertThat(exit).as(child.stderr()).isEqualTo(ExitCodes.OK);
            assertThat(child.stderr()).contains("interrupted too late to abort: the rollout was promoted first");
        }
        proxy.rules().clear();
        assertThat(weights()).isEqualTo("shop-green=100");
        assertThat(status().get("phase").asText()).isEqualTo("PROMOTED");
        assertThat(newestRelease().get("outcome").asText()).isEqualTo("PROMOTED");
    }

    // 6. A drill whose roll-forward write fails retries it, and the release that served before serves again.
    @Test
    void drillWhoseRollForwardWriteFailsPutsTheEarlierReleaseBack() {
        release("v1");
        release("v2");
        proxy.rules().add(FaultRule.on("PUT", ".*/routes/shop", FaultRule.answer(503)).occurrences(2, 4));

        CliHarness.Run r = faulty("drill", "shop");

        assertThat(proxy.rules().hits(0)).isEqualTo(4);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(r.out()).contains("put back on attempt 2", "drill      FAILED", "revision 2 (quay.io/acme/shop:v2) serves");
        assertThat(weights()).isEqualTo("shop-green=100");
        assertThat(status().get("stable").get("image").asText()).isEqualTo("quay.io/acme/shop:v2");
        assertThat(newestRelease().get("outcome").asText()).isEqualTo("DRILL");
        assertThat(status().get("driver").isNull()).isTrue();
    }

    // 7. Ctrl-C during a drill puts back the release that served before, and the history holds one DRILL entry.
    @Test
    void drillInterruptedByCtrlCPutsTheEarlierReleaseBack() throws Exception {
        release("v1");
        release("v2");
        // The rollback's state write comes 5 s late, so Ctrl-C lands after its Route write and before the state says so.
        proxy.rules().add(FaultRule.on("PUT", ".*/configmaps/shop-delivery", new FaultRule.Delay(Duration.ofSeconds(5))));
        try (Child child = child("drill", "shop")) {
            await().atMost(Duration.ofSeconds(30)).failFast(child.toString(), () -> !child.process().isAlive())
                    .until(() -> weights().equals("shop-blue=100"));

            int exit = child.interrupt();

            assertThat(exit).as(child.stderr()).isEqualTo(ExitCodes.INTERRUPTED);
        }
        assertThat(weights()).isEqualTo("shop-green=100");
        assertThat(status().get("stable").get("image").asText()).isEqualTo("quay.io/acme/shop:v2");
        JsonNode releases = clean("history", "shop", "-o", "json").json().get("releases");
        assertThat(releases.get(0).get("outcome").asText()).isEqualTo("DRILL");
        assertThat(releases).noneMatch(x -> x.get("outcome").asText().equals("ROLLED_BACK"));
        assertThat(status().get("driver").isNull()).isTrue();
    }

    /** Seeds the moment each kill -9 lands within its phase, so a failing run can be repeated. */
    static final long KILL_SEED = 18;
    static final String SHORT_LEASE = "15s";

    // 11. Drivers killed outright (kill -9) at seeded moments of each phase (start, a weight step, the pause, the promotion,
    //     an abort), at once in five namespaces: a fresh process resumes each once its lease expired, and each rollout ends
    //     where it would have (promoted; the aborted one aborted).
    @Test
    void driversKilledOutrightAreResumedByAFreshProcess() throws Exception {
        List<String> phases = List.of("start", "weight step", "pause", "promote", "abort");
        ExecutorService pool = Executors.newFixedThreadPool(phases.size());
        try {
            List<CompletableFuture<Void>> cases = phases.stream()
                    .map(phase -> CompletableFuture.runAsync(() -> killAndResume(phase, new AppRef(CliHarness.freshNamespace(), "shop")), pool))
                    .toList();
            for (CompletableFuture<Void> c : cases) {
                c.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One case of 11: the driver of {@code at}'s rollout is killed at a seeded moment of {@code phase}. The promotion's and
     * the abort's Route writes are held by the proxy until the kill, so that it lands while one is in flight (the write is
     * applied after the driver died). Every wait is for an event (the phase as the API server reports it, the
     * proxy's record of the write, the dead driver's lease expiring), bounded by the child's own life, not by a window
     * that a loaded machine, where a child JVM takes 20 s to start, could miss.
     */
    void killAndResume(String phase, AppRef at) {
        try {
            assertThat(clean(at, "canary", "shop", "--image", "quay.io/acme/shop:v1", "--steps", "100").exit()).isZero();
            java.util.Random moments = new java.util.Random(KILL_SEED + phase.hashCode());
            boolean abort = phase.equals("abort");
            CompletableFuture<Void> killed = new CompletableFuture<>();
            if (phase.equals("promote") || abort) {
                // every Route write from the second on waits at the proxy until the driver was killed, so the kill lands while
                // its promotion's or abort's write is on its way however slowly a loaded machine wakes this thread (a 10 s
                // delay was once missed, with five child JVMs and a build on two cores); then it goes on to the API server
                proxy.rules().add(FaultRule.on("PUT", ".*/namespaces/" + at.namespace() + "/routes/shop",
                        new FaultRule.Hold(killed)).occurrences(2, FaultRule.ALWAYS));
            }
            List<String> rollout = new ArrayList<>(List.of("--lease-duration", SHORT_LEASE, "canary", "shop",
                    "--image", "quay.io/acme/shop:v2"));
            rollout.addAll(abort ? List.of("--steps", "20,100", "--env", "SANDBOX_ERROR_RATE=1", "--gate", "http:/health",
                    "--analysis-interval", "1s", "--analysis-count", "1") : List.of("--steps", "20,pause:5s,100"));
            long killedPid;
            try (Child child = child(at, rollout.toArray(String[]::new))) {
                killedPid = child.process().pid();
                child.awaitUnlessExited(phaseReached(phase, at));
                Thread.sleep(moments.nextInt(phase.equals("start") || phase.equals("weight step") ? 300 : 1500));

                child.kill9();
            } finally {
                killed.complete(null);
            }
            Lease dead = lease(at);
            String driver = dead.getSpec().getHolderIdentity();
            assertThat(driver).as(phase).endsWith("#" + killedPid);
            assertThat(status(at).get("driver").asText()).as(phase).isEqualTo(driver);

            // A fresh process is refused while the dead driver's lease lasts and takes over once it expired: which of the
            // two this one meets depends on how long ago the driver last renewed, so the lease, not a clock, says what is right.
            Instant asked = Instant.now();
            CliHarness.Run resumed = clean(at, "--lease-duration", SHORT_LEASE, "resume", "shop");
            Instant answered = Instant.now();
            if (resumed.exit() == ExitCodes.CLUSTER) {
                assertThat(asked).as(phase + ": refused although the lease had expired: " + resumed.err()).isBefore(expiry(lease(at)));
                assertThat(resumed.err()).as(phase).contains("is being driven by " + driver);
                for (Lease l = lease(at); driver.equals(l.getSpec().getHolderIdentity()) && !expiry(l).isBefore(Instant.now()); l = lease(at)) {
                    Thread.sleep(Math.max(1, Duration.between(Instant.now(), expiry(l)).toMillis() + 1));
                }
                resumed = clean(at, "--lease-duration", SHORT_LEASE, "resume", "shop");
            } else {
                assertThat(answered).as(phase + ": taken over before the lease expired: " + resumed.out() + resumed.err())
                        .isAfter(expiry(dead));
            }

            assertThat(resumed.exit()).as(phase + ": " + resumed.out() + resumed.err()).isEqualTo(abort ? ExitCodes.ROLLOUT_FAILED : ExitCodes.OK);
            assertThat(weights(at)).as(phase).isEqualTo(abort ? "shop-blue=100" : "shop-green=100");
            assertThat(status(at).get("phase").asText()).as(phase).isEqualTo(abort ? "ABORTED" : "PROMOTED");
            assertThat(status(at).get("driver").isNull()).as(phase).isTrue();
            assertThat(clean(at, "history", "shop", "-o", "json").json().get("releases")).as(phase)
                    .extracting(r -> r.get("image").asText() + " " + r.get("outcome").asText())
                    .containsExactly("quay.io/acme/shop:v2 " + (abort ? "ABORTED" : "PROMOTED"), "quay.io/acme/shop:v1 DEPLOYED");
        } catch (Exception e) {
            throw new AssertionError(phase, e);
        }
    }

    /**
     * Completes when {@code at}'s rollout reaches {@code phase}: the state ConfigMap or the Route changing that way, as the
     * API server reports it (a watch); the promotion and the abort: when the proxy holds their Route write (the second),
     * once the rollout was recorded (a killed start is the "start" case, and a fresh process finds nothing to resume).
     */
    static CompletableFuture<?> phaseReached(String phase, AppRef at) {
        RolloutEngine observer = new RolloutEngine(cli.sandbox.client(), EngineConfig.of("matrix-observer"));
        var state = cli.sandbox.client().configMaps().inNamespace(at.namespace()).withName("shop-delivery");
        CompletableFuture<?> started = state.informOnCondition(l -> !l.isEmpty() && observer.status(at).rollout() != null
                && observer.status(at).rollout().revision() == 2);
        return switch (phase) {
            case "start" -> started;
            case "weight step" -> cli.sandbox.client().resources(io.fabric8.openshift.api.model.Route.class).inNamespace(at.namespace())
                    .withName("shop").informOnCondition(l -> !l.isEmpty() && weights(at).equals("shop-blue=80,shop-green=20"));
            case "pause" -> state.informOnCondition(l -> !l.isEmpty() && observer.status(at).rollout() != null
                    && observer.status(at).rollout().stepIndex() == 1);
            default -> {
                String routeWrite = "PUT /apis/route.openshift.io/v1/namespaces/" + at.namespace() + "/routes/shop";
                yield started.thenCompose(recorded -> proxy.received(routeWrite, 2));
            }
        };
    }

    static Lease lease(AppRef at) {
        return cli.sandbox.client().leases().inNamespace(at.namespace()).withName("shop-delivery").get();
    }

    /** When a lease that is not renewed again expires. */
    static Instant expiry(Lease l) {
        return l.getSpec().getRenewTime().toInstant().plusSeconds(l.getSpec().getLeaseDurationSeconds());
    }

    // 12. Two processes start the same rollout at once: exactly one drives, the other exits 3 naming it.
    @Test
    void twoDriversAtOnceExactlyOneDrives() throws Exception {
        release("v1");
        String[] rollout = {"--lease-duration", SHORT_LEASE, "canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,pause:3s,100"};
        try (Child a = child(rollout); Child b = child(rollout)) {
            assertThat(a.process().waitFor(60, TimeUnit.SECONDS) && b.process().waitFor(60, TimeUnit.SECONDS)).as("both exited").isTrue();
            Child winner = a.process().exitValue() == 0 ? a : b;
            Child loser = winner == a ? b : a;

            assertThat(List.of(winner.process().exitValue(), loser.process().exitValue())).as(a + "\n" + b)
                    .containsExactly(ExitCodes.OK, ExitCodes.CLUSTER);
            assertThat(loser.stderr()).containsPattern("is being driven by cli:[^ ]+#" + winner.process().pid() + "\\b");
        }
        assertThat(weights()).isEqualTo("shop-green=100");
        JsonNode releases = clean("history", "shop", "-o", "json").json().get("releases");
        assertThat(releases).extracting(r -> r.get("image").asText() + " " + r.get("outcome").asText())
                .containsExactly("quay.io/acme/shop:v2 PROMOTED", "quay.io/acme/shop:v1 DEPLOYED");
    }

    // 11. A lease shorter than 15 s is bad input, refused before any write.
    @Test
    void leaseShorterThan15sIsRefused() {
        CliHarness.Run r = clean("--lease-duration", "5s", "canary", "shop", "--image", "quay.io/acme/shop:v1");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--lease-duration: 5s is not allowed; expected a duration of at least 15s (default 60s)");
        assertThat(clean("history", "shop", "-o", "json").exit()).as("nothing was written").isNotZero();
    }

    /** How much longer than its fault-free run a command under one fault may take: one request timeout. */
    static final Duration WAIT_BOUND = Duration.ofMillis(ClusterClients.REQUEST_TIMEOUT_MS);

    // 13. The cross product (docs/reliability.md#the-cross-product): strategies x call classes x faults x phases, each
    //     case in its own namespace behind its own fault proxy, checked from a clean client. -Dopenmaru.matrix=full runs
    //     every (scenario, class, fault) triple instead of the covering design.
    @Test
    @Tag("slow")
    void crossProduct() throws Exception {
        // every run has the phases of its fault-free run
        withSlowRollouts(() -> {
            crossProductCases();
            return null;
        });
    }

    /** Deployments slow enough that every rollout waits for its candidate even on a loaded machine; restored for the other tests. */
    <T> T withSlowRollouts(Callable<T> body) throws Exception {
        cli.sandbox.cluster().deployments().setDefaultDelay(Duration.ofMillis(500));
        try {
            return body.call();
        } finally {
            cli.sandbox.cluster().deployments().setDefaultDelay(CliHarness.ROLLOUT_DELAY);
        }
    }

    void crossProductCases() throws Exception {
        Map<FaultMatrix.Scenario, List<String>> calibrations = new LinkedHashMap<>();
        Map<FaultMatrix.Scenario, Duration> clean = new LinkedHashMap<>();
        for (FaultMatrix.Scenario s : FaultMatrix.scenarios()) {
            Outcome faultFree = runCase(s, null, Duration.ofMinutes(1));
            assertThat(faultFree.lost()).as(s.name() + " without faults").isEmpty();
            assertThat(faultFree.exit()).as(s.name() + " without faults").isEqualTo(s.exit());
            calibrations.put(s, FaultMatrix.calibration(faultFree.requests()));
            clean.put(s, faultFree.took());
            System.out.println("fault matrix: " + s.name() + " without faults: " + faultFree.took().toMillis() + " ms, " + faultFree.end()
                    + "; phases per call class: " + FaultMatrix.phases(calibrations.get(s)).entrySet().stream()
                    .map(e -> e.getKey().label + " " + e.getValue().size()).toList());
        }
        List<FaultMatrix.Case> cases = FaultMatrix.cases(calibrations, "full".equals(System.getProperty("openmaru.matrix")));
        System.out.println("fault matrix: " + cases.size() + " cases; the (scenario, class, fault) triples that can occur: "
                + FaultMatrix.cases(calibrations, true).size());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> running = cases.stream()
                    .map(c -> pool.submit(() -> runUntilInjected(c, clean.get(c.scenario()).plus(WAIT_BOUND)))).toList();
            for (Future<Outcome> f : running) {
                outcomes.add(f.get(10, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println(MatrixTable.of(outcomes));
        assertThat(outcomes).as("every case's fault was injected").allMatch(o -> o.hits() == 1);
        assertThat(outcomes.stream().filter(o -> !o.lost().isEmpty()).map(o -> o.label() + ": " + o.lost()).toList()).as("lost").isEmpty();
    }

    /** Runs {@code c} again (up to three times) when its phase did not occur in a run: which watches open depends on timing. */
    static Outcome runUntilInjected(FaultMatrix.Case c, Duration bound) throws IOException {
        Outcome o = runCase(c.scenario(), c, bound);
        for (int attempt = 2; attempt <= 3 && o.hits() == 0; attempt++) {
            o = runCase(c.scenario(), c, bound);
        }
        return o;
    }

    /** What one case did: the exit code, how long the command took, how it ended, and every promise it broke. */
    record Outcome(String label, int exit, Duration took, String end, boolean asFaultFree, List<String> lost, long hits, List<String> requests) {}

    /** Runs {@code s} with {@code c}'s fault (none when null) in a fresh namespace, then checks every promise from a clean client. */
    static Outcome runCase(FaultMatrix.Scenario s, FaultMatrix.Case c, Duration bound) throws IOException {
        AppRef at = new AppRef(CliHarness.freshNamespace(), "shop");
        for (List<String> step : s.setup()) {
            CliHarness.Run r = clean(at, step.toArray(String[]::new));
            assertThat(r.exit()).as(at + " " + step + ": " + r.err()).isZero();
        }
        int historyBefore = clean(at, "history", "shop", "-o", "json").json().get("releases").size();
        Path kubeconfig = Files.createTempFile("openmaru-case", ".kubeconfig");
        CliHarness.Run r;
        Duration took;
        long hits = 1;
        List<String> requests;
        try (FaultProxy p = FaultProxy.start(cli.sandbox.cluster().url())) {
            SandboxKubeconfig.write(kubeconfig, p.url(), "default");
            if (c != null) {
                p.rules().add(c.rule());
            }
            List<String> args = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "-n", at.namespace()));
            args.addAll(s.command());
            long t0 = System.nanoTime();
            r = CliHarness.runWithoutKubeconfig(args.toArray(String[]::new));
            took = Duration.ofNanos(System.nanoTime() - t0);
            hits = c == null ? 1 : p.rules().hits(0);
            requests = p.requests();
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
        Instant exited = Instant.now();
        List<String> lost = new ArrayList<>();
        if (took.compareTo(bound) > 0) {
            lost.add("took " + took.toMillis() + " ms, more than " + bound.toMillis());
        }
        if (r.exit() != ExitCodes.OK && r.exit() != ExitCodes.ROLLOUT_FAILED && r.exit() != ExitCodes.CLUSTER) {
            lost.add("exit " + r.exit() + ": " + r.err().strip());
        }
        String end = "";
        JsonNode status = status(at);
        if (!status.get("driver").isNull()) {
            lost.add("the lease names " + status.get("driver").asText() + " after the CLI exited");
            Lease lease = cli.sandbox.client().leases().inNamespace(at.namespace())
                    .withName("shop-delivery").get();
            if (c != null && c.callClass() == FaultMatrix.CallClass.LEASE_RELEASE && lease.getSpec().getRenewTime() != null
                    && !lease.getSpec().getRenewTime().toInstant().isAfter(exited)) {
                lost.remove(lost.size() - 1);
                end = "lease left to expire; ";
            }
        }
        if (!status.get("candidate").isNull()) {
            if (r.exit() != ExitCodes.CLUSTER) {
                lost.add("exit " + r.exit() + " but the rollout is still " + status.get("phase").asText());
            }
            CliHarness.Run resumed = clean(at, "resume", "shop");
            end += "resumed: exit " + resumed.exit() + ", ";
            if (resumed.exit() != s.exit()) {
                lost.add("resume: exit " + resumed.exit() + ": " + resumed.err().strip());
            }
            status = status(at);
        }
        JsonNode releases = clean(at, "history", "shop", "-o", "json").json().get("releases");
        String serving = servingImage(at, status, lost);
        end += serving == null ? "nothing serves" : serving.substring(serving.indexOf(':') + 1) + " serves, " + releases.get(0).get("outcome").asText();
        if (r.exit() == ExitCodes.CLUSTER) {
            end += " (" + r.err().strip().lines().findFirst().orElse("") + ")";
        }
        if (releases.size() > historyBefore + 1 && !(releases.size() == historyBefore + 2 && rollingUndo(releases))) {
            lost.add("history grew by " + (releases.size() - historyBefore) + ": " + releases);
        }
        if (StreamSupport.stream(releases.spliterator(), false).map(x -> x.get("revision").asInt()).distinct().count()
                != releases.size()) {
            lost.add("a revision twice in the history: " + releases);
        }
        boolean done = releases.size() == historyBefore + 1;
        if (r.exit() == ExitCodes.OK && !(done && s.serving().equals(serving) && s.outcome().equals(releases.get(0).get("outcome").asText()))) {
            lost.add("exit 0 but " + end);
        }
        if (r.exit() == ExitCodes.ROLLOUT_FAILED && !s.before().equals(serving)) {
            lost.add("exit 1 but " + end);
        }
        boolean asFaultFree = r.exit() == s.exit() && s.serving().equals(serving) && !end.contains("resumed");
        return new Outcome(c == null ? s.name() : c.label(), r.exit(), took, end, asFaultFree, lost, hits, requests);
    }

    /**
     * A failed rolling update and its undo: the update ABORTED, then the template put back as the next revision, ROLLED_BACK
     * from it (docs/rolling.md#when-it-fails). One release more than the others leave, by design.
     */
    static boolean rollingUndo(JsonNode releases) {
        JsonNode undo = releases.get(0);
        JsonNode failed = releases.get(1);
        return "rolling".equals(failed.get("strategy").asText()) && "ABORTED".equals(failed.get("outcome").asText())
                && "ROLLED_BACK".equals(undo.get("outcome").asText()) && undo.get("rolledBackFrom").asInt() == failed.get("revision").asInt()
                && undo.get("revision").asInt() == failed.get("revision").asInt() + 1;
    }

    /**
     * The image the Route sends all traffic to (rolling: the app's one Deployment), checking that it goes 100 % to one
     * available Deployment, and that this is the release the state records as serving (its stable).
     */
    static String servingImage(AppRef at, JsonNode status, List<String> lost) {
        var route = cli.route(at);
        String target = at.app();
        if (route != null) {
            var spec = route.getSpec();
            if (spec.getAlternateBackends() != null && spec.getAlternateBackends().stream().anyMatch(b -> b.getWeight() != null && b.getWeight() > 0)) {
                lost.add("the Route splits traffic: " + weights(at));
            }
            target = spec.getTo().getName();
        }
        var deployment = cli.sandbox.client().apps().deployments().inNamespace(at.namespace()).withName(target);
        var d = deployment.get();
        if (route == null && !Availability.isAvailable(d)) {
            // A rolling update's undo ends the command at once and Kubernetes replaces the pods after
            // (docs/rolling.md#when-it-fails): that must complete, within the bound every command has.
            var available = deployment.informOnCondition(l -> !l.isEmpty() && Availability.isAvailable(l.get(0)));
            try {
                d = available.get(WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS).get(0);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                available.cancel(true);
                lost.add(target + " (what serves) is not available " + WAIT_BOUND.toSeconds() + " s after the command: " + Availability.describe(d));
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (d == null || !Availability.isAvailable(d)) {
            lost.add(target + " (what serves) is not available");
            return null;
        }
        String image = SlotWorkloads.imageOf(d);
        if (!image.equals(status.get("stable").get("image").asText())) {
            lost.add(target + " serves " + image + " but the state records " + status.get("stable") + " as serving");
        }
        return image;
    }

    /** The CLI as a real child process through the fault proxy, so Ctrl-C (SIGINT) is real. */
    record Child(Process process, Path out, Path err) implements AutoCloseable {

        /** Waits for {@code event}, which must come before this child exits; the child's own end bounds the wait. */
        void awaitUnlessExited(CompletableFuture<?> event) {
            CompletableFuture.anyOf(event, process.onExit()).join();
            if (!event.isDone()) {
                event.cancel(true);
                throw new AssertionError("the child exited before the moment to kill it: " + this);
            }
            event.join();
        }

        void awaitOut(String text) {
            await().atMost(Duration.ofSeconds(60)).failFast(() -> !process.isAlive()).until(() -> Files.readString(out).contains(text));
        }

        @Override
        public String toString() {
            try {
                return "child stdout:\n" + Files.readString(out) + "\nchild stderr:\n" + Files.readString(err);
            } catch (IOException e) {
                return e.toString();
            }
        }

        int interrupt() throws Exception {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
            return process.exitValue();
        }

        /** SIGKILL: the process dies at once, giving nothing back (no lease release, no abort). */
        void kill9() throws Exception {
            new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    Child child(String... args) throws IOException {
        return child(app, args);
    }

    static Child child(AppRef at, String... args) throws IOException {
        Path out = Files.createTempFile("openmaru-child", ".out");
        Path err = Files.createTempFile("openmaru-child", ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jenkins.plugins.openmaru.OpenmaruMain",
                "--kubeconfig", proxied.toString(), "-n", at.namespace()));
        command.addAll(List.of(args));
        return new Child(new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }
}
