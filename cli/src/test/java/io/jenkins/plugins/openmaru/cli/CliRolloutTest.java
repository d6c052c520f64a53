package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.sandbox.dataplane.PodBehaviour;
import io.jenkins.plugins.openmaru.sandbox.dataplane.RouterClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI end to end against a sandbox in this JVM: exit codes, progress output, JSON documents, the router's answers. */
class CliRolloutTest {
    static final String IMAGE = "quay.io/acme/shop:";
    @RegisterExtension
    static final CliHarness cli = new CliHarness();
    String ns;
    AppRef app;

    @BeforeEach
    void freshApp() {
        ns = CliHarness.freshNamespace();
        app = new AppRef(ns, "shop");
    }

    private CliHarness.Run canary(String version, String... more) {
        List<String> args = new ArrayList<>(List.of("-n", ns, "canary", "shop", "--image", IMAGE + version));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    private List<String> versionsServed(int requests) throws IOException {
        String host = cli.route(app).getSpec().getHost();
        RouterClient router = cli.sandbox.dataPlane().routerClient();
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            versions.add(router.get(host, "/").version().orElse("503"));
        }
        return versions;
    }

    private void awaitRouterServesOnly(String version) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(versionsServed(10)).containsOnly(IMAGE + version));
    }

    @Test
    void firstCanaryDeploysStraightTo100AndStatusJsonDescribesIt() {
        CliHarness.Run run = canary("v1", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode status = run.json();
        assertThat(status.get("app").asText()).isEqualTo("shop");
        assertThat(status.get("namespace").asText()).isEqualTo(ns);
        assertThat(status.get("phase").asText()).isEqualTo("PROMOTED");
        assertThat(status.get("strategy").asText()).isEqualTo("canary");
        assertThat(status.get("host").asText()).isEqualTo("shop-" + ns + ".apps.sandbox");
        assertThat(status.get("stable").get("slot").asText()).isEqualTo("blue");
        assertThat(status.get("stable").get("image").asText()).isEqualTo(IMAGE + "v1");
        assertThat(status.get("stable").get("revision").asInt()).isEqualTo(1);
        assertThat(status.get("candidate").isNull()).isTrue();
        assertThat(status.get("events")).extracting(e -> e.get("action").asText()).contains("start", "deploy");

        assertThat(cli.route(app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        awaitRouterServesOnly("v1");
    }

    @Test
    void healthyCanaryShowsStepsAndGateVerdictsAndIsPromoted() throws IOException {
        assertThat(canary("v1").exit()).isZero();

        CliHarness.Run run = canary("v2", "--steps", "50,100", "--gate", "http:/health:0.95", "--analysis-interval", "1s",
                "--analysis-count", "2");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("step 1/3: set weight 50%")
                .contains("setWeight 50% to shop-green")
                .contains("step 2/3: analysis [http]")
                .contains("gate      http:/health PASS 10 x HTTP 200, success ratio 1 (min 0.95)")
                .contains("promote   shop-green serves 100%")
                .contains("phase      PROMOTED (canary)");
        assertThat(run.out().lines().filter(l -> l.contains("  gate  ") || l.contains("  step ")))
                .as("gate and step lines fit 80 columns").isNotEmpty().allMatch(l -> l.length() <= 80);
        assertThat(run.out().lines().filter(l -> l.contains("  step ")).map(l -> l.substring(10, 20)))
                .as("every step once, in order").containsExactly("step 1/3: ", "step 2/3: ", "step 3/3: ");
        awaitRouterServesOnly("v2");

        JsonNode status = cli.run("-n", ns, "status", "shop", "-o", "json").json();
        assertThat(status.get("stable").get("image").asText()).isEqualTo(IMAGE + "v2");
        assertThat(status.get("stable").get("slot").asText()).isEqualTo("green");
        assertThat(status.get("stable").get("revision").asInt()).isEqualTo(2);
    }

    @Test
    void everyLineFitsEightyColumnsAndALongEventGoesOnUnderItsText() {
        String image = "quay.io/acme-corporation/payments-team/shop-frontend:";
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", image + "v1").exit()).isZero();

        CliHarness.Run run = cli.run("-n", ns, "canary", "shop", "--image", image + "v2", "--steps", "50,100");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out().lines()).as(run.out()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(run.unwrappedOut()).as("nothing cut off")
                .contains("start     canary of " + image + "v2 into shop-green [cli:")
                .contains("promote   shop-green serves 100%; shop-blue stays warm until ");
    }

    @Test
    void routerReplicasSplitsByPodCountsAndCreatesNoRoute() {
        assertThat(canary("v1", "--router", "replicas").exit()).isZero();

        CliHarness.Run run = canary("v2", "--router", "replicas", "--replicas", "2", "--steps", "50,100");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("setWeight 50% to shop-green").contains("phase      PROMOTED (canary)");
        assertThat(cli.route(app)).isNull();
        assertThat(cli.sandbox.client().services().inNamespace(ns).withName("shop").get().getSpec().getSelector())
                .containsEntry("delivery.openmaru.io/slot", "green");
    }

    @Test
    void faultyCanaryIsAbortedByItsGateExitsOneAndHistoryTellsWhy() {
        assertThat(canary("v1").exit()).isZero();
        assertThat(canary("v2").exit()).isZero();

        CliHarness.Run run = canary("v3", "--env", "SANDBOX_ERROR_RATE=0.5", "--steps", "20,100", "--gate", "http:/health:0.95",
                "--analysis-interval", "1s");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.out()).containsPattern("gate +http:/health FAIL .*HTTP 500").contains("abort     analysis failed");
        assertThat(cli.route(app).getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(cli.route(app).getSpec().getAlternateBackends()).isEmpty();
        awaitRouterServesOnly("v2");

        JsonNode history = cli.run("-n", ns, "history", "shop", "-o", "json").json();
        assertThat(history.get("app").asText()).isEqualTo("shop");
        assertThat(history.get("releases")).extracting(r -> r.get("revision").asInt() + " " + r.get("image").asText() + " " + r.get("outcome").asText())
                .containsExactly("3 " + IMAGE + "v3 ABORTED", "2 " + IMAGE + "v2 PROMOTED", "1 " + IMAGE + "v1 DEPLOYED");
        JsonNode aborted = history.get("releases").get(0);
        assertThat(aborted.get("actor").asText()).isEqualTo("engine");
        assertThat(aborted.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void rollbackMakesThePreviousReleaseServeAgainInOneCommand() {
        assertThat(canary("v1").exit()).isZero();
        assertThat(canary("v2").exit()).isZero();
        awaitRouterServesOnly("v2");

        CliHarness.Run run = cli.run("-n", ns, "rollback", "shop", "--comment", "break-glass", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().get("phase").asText()).isEqualTo("ROLLED_BACK");
        assertThat(run.json().get("stable").get("image").asText()).isEqualTo(IMAGE + "v1");
        awaitRouterServesOnly("v1");
        JsonNode newest = cli.run("-n", ns, "history", "shop", "-o", "json").json().get("releases").get(0);
        assertThat(newest.get("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(newest.get("image").asText()).isEqualTo(IMAGE + "v1");
        assertThat(newest.get("actor").asText()).startsWith("cli:");
        assertThat(newest.get("comment").asText()).isEqualTo("break-glass");
    }

    @Test
    void aForegroundRolloutPausedForApprovalFinishesWhenPromotedFromAnotherCommand() {
        assertThat(canary("v1").exit()).isZero();
        CompletableFuture<CliHarness.Run> foreground = CompletableFuture.supplyAsync(() -> canary("v2", "--steps", "20,manual,100"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode s = cli.run("-n", ns, "status", "shop", "-o", "json").json();
            assertThat(s.get("phase").asText()).isEqualTo("PAUSED");
            assertThat(s.get("weight").asInt()).isEqualTo(20);
            assertThat(s.get("candidate").get("image").asText()).isEqualTo(IMAGE + "v2");
        });
        CliHarness.Run promote = cli.run("-n", ns, "promote", "shop", "--comment", "looks good");

        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.unwrappedOut()).as("its result, not the rollout's event log").contains("promote   shop-green serves 100%; shop-blue stays warm until ").contains("[cli:root: looks good]")
                .contains("phase      PROMOTED (canary)").doesNotContain("start     ").doesNotContain("setWeight ").doesNotContain("step ");
        CliHarness.Run run = foreground.join();
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("waiting   paused at 20%").contains("[cli:");
        awaitRouterServesOnly("v2");
    }

    @Test
    void aTimedApprovalInTheStepsPromotesWhenItsTimeoutPasses() {
        assertThat(canary("v1").exit()).isZero();

        CliHarness.Run run = canary("v2", "--steps", "20,manual:1s:promote,100");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.unwrappedOut()).contains("waiting   waiting for manual approval at 20% until ");
        assertThat(run.out()).contains("step 2/3: analysis [manual]")
                .contains("promote   shop-green serves 100%").contains("phase      PROMOTED (canary)")
                .as("a hint to paste as printed").contains("go on:   openmaru --kubeconfig " + cli.kubeconfig.toAbsolutePath() + " -n " + ns + " promote shop\n")
                .contains("go back: openmaru --kubeconfig " + cli.kubeconfig.toAbsolutePath() + " -n " + ns + " abort shop  (or Ctrl-C here)")
                .as("times to the millisecond at most").doesNotContainPattern("T\\d\\d:\\d\\d:\\d\\d\\.\\d{4,}Z");
        awaitRouterServesOnly("v2");
    }

    @Test
    void aTimedApprovalGateAbortsAfterEachWeightWhenNobodyApproves() {
        assertThat(canary("v1").exit()).isZero();

        CliHarness.Run run = canary("v2", "--steps", "30,100", "--gate", "manual:1s");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.out()).contains("setWeight 30% to shop-green").contains("manual approval not given within 1s")
                .contains("phase      ABORTED (canary)");
        awaitRouterServesOnly("v1");
    }

    @Test
    void abortFromAnotherCommandSendsTrafficBackAndTheForegroundRolloutExitsOne() {
        assertThat(canary("v1").exit()).isZero();
        CompletableFuture<CliHarness.Run> foreground = CompletableFuture.supplyAsync(() -> canary("v2", "--steps", "30,manual,100"));
        await().atMost(Duration.ofSeconds(15)).until(() -> "PAUSED".equals(cli.run("-n", ns, "status", "shop", "-o", "json").json().get("phase").asText()));

        CliHarness.Run abort = cli.run("-n", ns, "abort", "shop", "--comment", "customers complain");

        assertThat(abort.exit()).as(abort.err()).isZero();
        assertThat(abort.out()).contains("phase      ABORTED");
        assertThat(foreground.join().exit()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        awaitRouterServesOnly("v1");
        JsonNode newest = cli.run("-n", ns, "history", "shop", "-o", "json").json().get("releases").get(0);
        assertThat(newest.get("outcome").asText()).isEqualTo("ABORTED");
        assertThat(newest.get("comment").asText()).isEqualTo("customers complain");
    }

    @Test
    void blueGreenTestsTheCandidateAtZeroThenSwitchesAndRollbackIsInstant() {
        assertThat(canary("v1").exit()).isZero();

        CliHarness.Run run = cli.run("-n", ns, "bluegreen", "shop", "--image", IMAGE + "v2", "--gate", "http:/health",
                "--analysis-interval", "1s", "--analysis-count", "2", "--auto-promote");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.unwrappedOut())
                .contains("start     blue-green of " + IMAGE + "v2")
                .contains("phase      PROMOTED (blue-green)")
                .contains("preview   Route shop-preview -> shop-green (http://shop-preview-" + ns + ".apps.sandbox)")
                .containsPattern("gate +http:/health PASS")
                .contains("ready     shop-green is available and passed its gates at 0%")
                .contains("promote   shop-green serves 100%");
        awaitRouterServesOnly("v2");

        CliHarness.Run rollback = cli.run("-n", ns, "rollback", "shop");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("switch    shop-blue serves 100%").doesNotContain("not warm");
        awaitRouterServesOnly("v1");
        JsonNode history = cli.run("-n", ns, "history", "shop", "-o", "json").json().get("releases");
        assertThat(history).extracting(r -> r.get("strategy").asText()).as("newest first; a rollback release keeps its release's strategy")
                .containsExactly("canary", "blue-green", "canary");
        assertThat(cli.run("-n", ns, "status", "shop", "-o", "json").json().get("strategy").asText()).isEqualTo("rollback");
    }

    @Test
    void detachReturnsWhileTheRolloutWaitsAndResumeDrivesItToTheEnd() {
        assertThat(canary("v1").exit()).isZero();

        CliHarness.Run detached = canary("v2", "--steps", "50,100", "--detach", "-o", "json");

        assertThat(detached.exit()).as(detached.err()).isZero();
        assertThat(detached.json().get("phase").asText()).isEqualTo("PROGRESSING");
        assertThat(detached.json().get("candidate").get("slot").asText()).isEqualTo("green");
        CliHarness.Run resumed = cli.run("-n", ns, "resume", "shop");
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("phase      PROMOTED");
        awaitRouterServesOnly("v2");
    }

    private static DeliveryState bakeState(AppRef app) {
        return new RolloutEngine(cli.sandbox.client(), EngineConfig.of("test-reader")).status(app);
    }

    @Test
    void aReleaseThatFailsDuringTheBakeIsRolledBackToTheWarmSlotAndTheCommandFails() throws Exception {
        assertThat(canary("v1").exit()).isZero();

        CompletableFuture<CliHarness.Run> rollout = CompletableFuture.supplyAsync(() -> canary("v2", "--steps", "50,100",
                "--gate", "http:/health:0.95", "--analysis-interval", "1s", "--analysis-count", "1", "--bake", "1m"));
        await().atMost(Duration.ofSeconds(30)).until(() -> bakeState(app).rollout() != null && bakeState(app).rollout().phase() == RolloutPhase.BAKING);

        CliHarness.Run status = cli.run("-n", ns, "status", "shop");
        assertThat(status.out()).contains("phase      BAKING (canary)").contains("stable     quay.io/acme/shop:v2 in slot green")
                .containsPattern("bake +until .* UTC \\(\\d+s left\\); quay.io/acme/shop:v1 in").contains("stays warm");
        JsonNode json = cli.run("-n", ns, "status", "shop", "-o", "json").json();
        assertThat(json.get("stable").get("image").asText()).isEqualTo(IMAGE + "v2");
        assertThat(json.get("candidate").isNull()).isTrue();
        assertThat(json.get("bakeEndsAt").asText()).isNotEmpty();

        // The promoted release starts failing: every request to the new stable answers 500.
        cli.sandbox.client().apps().deployments().inNamespace(ns).withName("shop-green").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVar(PodBehaviour.ERROR_RATE, "1", null));
            return d;
        });

        CliHarness.Run run = rollout.get(60, TimeUnit.SECONDS);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.out()).contains("bake failed");
        assertThat(cli.route(app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(cli.route(app).getSpec().getAlternateBackends()).isEmpty();
        Release last = bakeState(app).history().get(bakeState(app).history().size() - 1);
        assertThat(last.outcome()).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(last.actor()).isEqualTo("bake");
        assertThat(last.image()).isEqualTo(IMAGE + "v1");
        assertThat(last.comment()).contains("http:/health").contains("FAIL");
    }

    @Test
    void planShowsTheBakeAndABakeLongerThanTheWarmWindowIsRefusedNamingBake() {
        assertThat(canary("v1").exit()).isZero();

        CliHarness.Run plan = cli.run("-n", ns, "plan", "shop", "--image", IMAGE + "v2", "--steps", "50,100", "--gate", "http:/health",
                "--bake", "15m", "--scale-down-delay", "20m");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("bake 15m: [http:/health] keep measuring shop-green every 30s")
                .contains("sends 100 % back to shop-blue in one routing write");

        CliHarness.Run refused = canary("v2", "--steps", "50,100", "--gate", "http:/health",
                "--bake", "15m");
        assertThat(refused.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("bake: 15m is not allowed").contains("at most scaleDownDelay 10m");
        assertThat(bakeState(app).history()).hasSize(1);
    }
    @Test
    void historyDoraCountsDeploymentsFailuresAndTheMeasuredTimeToRestore() {
        assertThat(canary("v1").exit()).isZero();
        assertThat(canary("v2").exit()).isZero();
        assertThat(canary("v3").exit()).isZero();
        assertThat(cli.run("-n", ns, "rollback", "shop", "--comment", "v3 broke checkout").exit()).isZero();
        JsonNode releases = cli.run("-n", ns, "history", "shop", "-o", "json").json().get("releases");
        long restoreMs = Duration.between(Instant.parse(releases.get(1).get("at").asText()), Instant.parse(releases.get(0).get("at").asText())).toMillis();

        CliHarness.Run run = cli.run("-n", ns, "history", "shop", "--dora", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode week = run.json().get("windows").get(0);
        assertThat(week.get("days").asInt()).isEqualTo(7);
        assertThat(week.get("deployments").asInt()).isEqualTo(3);
        assertThat(week.get("failedDeployments").asInt()).isEqualTo(1);
        assertThat(week.get("changeFailureRate").asDouble()).isEqualTo(1 / 3.0);
        assertThat(week.get("restores").asInt()).isEqualTo(1);
        assertThat(week.get("medianTimeToRestoreMs").asLong()).isEqualTo(restoreMs).isPositive();
        assertThat(week.get("drills").asInt()).isZero();
        assertThat(week.get("deploymentsWithoutCommitTime").asInt()).as("sandbox images carry no commit time: counted, not guessed").isEqualTo(3);
        assertThat(week.get("medianLeadTimeMs").isNull()).isTrue();
        assertThat(run.json().get("windows")).extracting(w -> w.get("days").asInt()).containsExactly(7, 30, 90);

        CliHarness.Run text = cli.run("-n", ns, "history", "shop", "--dora");
        assertThat(text.out()).contains("CHANGE FAILURE").contains("33% (1/3)").containsPattern("7d +3 \\(0\\.43/d\\) +33% \\(1/3\\) +\\d[\\d.hms]* \\(max \\d[\\d.hms]*, 1\\) +-")
                .contains("LEAD TIME").containsPattern("7d +unknown \\(3 without a commit time\\)");
    }
}
