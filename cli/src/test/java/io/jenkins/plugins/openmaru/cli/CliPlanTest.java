package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code openmaru plan} for each strategy against a sandbox: the timeline from the app's real state, GETs only. */
class CliPlanTest {
    static final String IMAGE = "quay.io/acme/shop:";
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    /** Runs plan with {@code -o json} and checks that the API server saw reads and no write. */
    private static JsonNode plan(String ns, String... args) {
        cli.sandbox.cluster().clearRequests();
        List<String> all = new ArrayList<>(List.of("-n", ns, "plan", "shop", "-o", "json"));
        all.addAll(List.of(args));
        CliHarness.Run run = cli.run(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        List<ApiRequest> requests = cli.sandbox.cluster().requests();
        assertThat(requests).filteredOn(ApiRequest::mutating).isEmpty();
        assertThat(requests).extracting(ApiRequest::path).anyMatch(p -> p.contains("/namespaces/" + ns + "/configmaps/shop-delivery"));
        return run.json();
    }

    private static List<String> actions(JsonNode plan) {
        List<String> out = new ArrayList<>();
        plan.get("steps").forEach(s -> out.add(s.get("action").asText() + "@" + s.get("weight").asInt()));
        return out;
    }

    private static String deployed(String command, String version, String... extra) {
        String ns = CliHarness.freshNamespace();
        List<String> args = new ArrayList<>(List.of("-n", ns, command, "shop", "--image", IMAGE + version));
        args.addAll(List.of(extra));
        CliHarness.Run run = cli.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return ns;
    }

    @Test
    void anAppWithoutAReleaseIsPlannedAsAnInitialDeploymentStraightTo100() {
        String ns = CliHarness.freshNamespace();

        JsonNode plan = plan(ns, "--image", IMAGE + "v1", "--steps", "10,50,100", "--gate", "http:/health");

        assertThat(plan.get("initialDeployment").asBoolean()).isTrue();
        assertThat(plan.get("current").get("known").asBoolean()).isTrue();
        assertThat(plan.get("current").get("stable").isNull()).isTrue();
        assertThat(actions(plan)).containsExactly("deploy@0", "promote@100");
        assertThat(plan.get("steps").get(0).get("what").asText()).contains("into slot shop-blue");
        assertThat(plan.get("notes").get(0).asText()).isEqualTo("shop has no release yet: this is an initial deployment straight to 100 %");
        assertThat(plan.get("worstCaseMs").asLong()).isEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void canaryPlanNamesTheStableImageAndSumsDeadlinePausesAndAnalysisRounds() {
        String ns = deployed("canary", "v1");

        JsonNode plan = plan(ns, "--image", IMAGE + "v2", "--steps", "10,pause:1m,50,manual,100", "--gate", "http:/health",
                "--analysis-interval", "30s", "--progress-deadline", "5m");

        assertThat(plan.get("app").asText()).isEqualTo("shop");
        assertThat(plan.get("strategy").asText()).isEqualTo("canary");
        assertThat(plan.get("initialDeployment").asBoolean()).isFalse();
        assertThat(plan.get("current").get("stable").get("image").asText()).isEqualTo(IMAGE + "v1");
        assertThat(plan.get("current").get("stable").get("slot").asText()).isEqualTo("blue");
        assertThat(actions(plan)).containsExactly("deploy@0", "setWeight@10", "analysis@10", "pause@10", "setWeight@50", "analysis@50",
                "pause@50", "promote@100", "warm@100");
        assertThat(plan.get("steps").get(0).get("what").asText()).contains("into the idle slot shop-green (1 pod(s), as many as stable)");
        assertThat(plan.get("steps").get(2).get("what").asText()).contains("at most 20 rounds");
        assertThat(plan.get("steps").get(6).get("bound").asText()).isEqualTo("PERSON");
        assertThat(plan.get("steps").get(8).get("what").asText()).startsWith("shop-blue (" + IMAGE + "v1) stays warm for scaleDownDelay 10m");
        // 5m deadline + 2 analyses of (3 + 1) x (4 + 1) = 20 rounds, 19 intervals of 30s each + 1m pause
        assertThat(plan.get("worstCaseMs").asLong()).isEqualTo(Duration.ofMinutes(5).plusSeconds(2 * 19 * 30).plusMinutes(1).toMillis());
        assertThat(plan.get("worstCase").asText()).isEqualTo("25m plus the time until someone acts");
        assertThat(plan.get("waitsForPerson").asBoolean()).isTrue();
        assertThat(plan.get("onFailure").asText()).contains("sends 100 % back, in one routing write, to shop-blue");
        assertThat(plan.get("writes").asInt()).isZero();
    }

    @Test
    void blueGreenPlanShowsPreviewGatesTheWaitBeforeTheSwitchAndTheWarmSlot() {
        String ns = deployed("bluegreen", "v1");

        JsonNode manual = plan(ns, "--strategy", "bluegreen", "--image", IMAGE + "v2", "--gate", "http:/health", "--analysis-interval", "10s",
                "--analysis-count", "2", "--scale-down-delay", "30m");

        assertThat(manual.get("strategy").asText()).isEqualTo("blue-green");
        assertThat(actions(manual)).containsExactly("deploy@0", "analysis@0", "ready@0", "promote@100", "warm@100");
        assertThat(manual.get("steps").get(0).get("what").asText()).contains("Route shop-preview points at it");
        assertThat(manual.get("steps").get(2).get("what").asText()).contains("wait for 'openmaru promote shop'");
        assertThat(manual.get("steps").get(2).get("atMostMs").isNull()).isTrue();
        assertThat(manual.get("steps").get(4).get("what").asText()).contains("shop-blue (" + IMAGE + "v1) stays warm for scaleDownDelay 30m");
        // 10m deadline + (2 + 1) x (4 + 1) = 15 rounds, 14 intervals of 10s; the warm slot runs on after the rollout
        assertThat(manual.get("worstCaseMs").asLong()).isEqualTo(Duration.ofMinutes(10).plusSeconds(140).toMillis());
        assertThat(manual.get("waitsForPerson").asBoolean()).isTrue();

        JsonNode auto = plan(ns, "--strategy", "blue-green", "--image", IMAGE + "v2", "--auto-promote-after", "2m", "--no-preview-route");

        assertThat(actions(auto)).containsExactly("deploy@0", "ready@0", "promote@100", "warm@100");
        assertThat(auto.get("steps").get(0).get("what").asText()).contains("no preview Route: reach it through Service shop-green");
        assertThat(auto.get("steps").get(1).get("what").asText()).contains("promoted automatically after autoPromoteAfter 2m");
        assertThat(auto.get("worstCaseMs").asLong()).isEqualTo(Duration.ofMinutes(12).toMillis());
        assertThat(auto.get("waitsForPerson").asBoolean()).isFalse();
        assertThat(auto.get("onFailure").asText()).contains("before the switch leaves all traffic on shop-blue");
    }

    @Test
    void rollingPlanStepsReplicaByReplicaWithinTheProgressDeadlineAndUndoesOnFailure() {
        String ns = deployed("rolling", "v1", "--replicas", "4");

        JsonNode plan = plan(ns, "--strategy", "rolling", "--image", IMAGE + "v2", "--max-surge", "1", "--max-unavailable", "25%",
                "--gate", "http:/health", "--analysis-interval", "5s", "--progress-deadline", "3m");

        assertThat(plan.get("strategy").asText()).isEqualTo("rolling");
        assertThat(plan.get("current").get("replicas").asInt()).isEqualTo(4);
        assertThat(actions(plan)).containsExactly("update@0", "wave@25", "wave@50", "wave@75", "wave@100", "analysis@100", "done@100");
        assertThat(plan.get("steps").get(0).get("what").asText())
                .contains("the previous one, " + IMAGE + "v1, is saved for undo")
                .contains("4 pod(s) (as Deployment shop has now), maxSurge 1 = 1 pod(s), maxUnavailable 25% = 1 pod(s)");
        assertThat(plan.get("steps").get(1).get("what").asText()).isEqualTo("wave 1/4: start 1 new pod(s), stop 1 old pod(s); then 1 new and 3 old");
        assertThat(plan.get("steps").get(1).get("bound").asText()).isEqualTo("WITHIN_DEADLINE");
        assertThat(plan.get("steps").get(5).get("what").asText()).contains("on Service shop");
        // 3m deadline + 20 rounds of 5s (19 intervals)
        assertThat(plan.get("worstCaseMs").asLong()).isEqualTo(Duration.ofMinutes(3).plusSeconds(95).toMillis());
        assertThat(plan.get("onFailure").asText()).contains("write the previous pod template back (rollout undo, one write)")
                .contains("rolls back to " + IMAGE + "v1");
    }

    @Test
    void rollingPlanOfANewAppCreatesTheDeploymentAndStillMeasuresTheGates() {
        JsonNode plan = plan(CliHarness.freshNamespace(), "--strategy", "rolling", "--image", IMAGE + "v1", "--replicas", "2",
                "--gate", "http:/health");

        assertThat(plan.get("initialDeployment").asBoolean()).isTrue();
        assertThat(actions(plan)).containsExactly("update@0", "wave@100", "analysis@100", "done@100");
        assertThat(plan.get("steps").get(0).get("what").asText()).startsWith("create Deployment shop with " + IMAGE + "v1: 2 pod(s) (--replicas)");
        assertThat(plan.get("onFailure").asText()).contains("there is no previous pod template to restore");
    }

    @Test
    void aRolloutInProgressIsNamedAndTheTextPlanShowsTheSameSteps() {
        String ns = deployed("canary", "v1");
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", IMAGE + "v2", "--steps", "20,manual,100", "--detach").exit()).isZero();

        JsonNode other = plan(ns, "--image", IMAGE + "v3");
        assertThat(other.get("current").get("rolloutInProgress").get("image").asText()).isEqualTo(IMAGE + "v2");
        assertThat(other.get("notes").toString()).contains("a canary of " + IMAGE + "v2 is in progress",
                "this rollout would be refused (exit 3) until it is promoted or aborted");

        CliHarness.Run text = cli.run("-n", ns, "plan", "shop", "--image", IMAGE + "v2", "--steps", "20,manual,100");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("Plan: canary of " + IMAGE + "v2 to " + ns + "/shop; nothing is written.",
                "Now:  stable " + IMAGE + "v1 in slot blue, revision 1; a canary of " + IMAGE + "v2 is in progress",
                "the same command continues it where it is",
                "   2. setWeight  weight  20%  at once",
                "   3. pause      weight  20%  until someone acts",
                "Worst case: 10m plus the time until someone acts");
    }

    @Test
    void aRollbackInProgressWrittenByAnOlderVersionWithoutAStrategyIsNamedAsARollback() {
        String ns = CliHarness.freshNamespace();
        // as an older version left it: rollbacks recorded no strategy, and a rollback to one copied that
        cli.sandbox.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("shop-delivery")
                .withNamespace(ns).addToLabels("delivery.openmaru.io/app", "shop").addToAnnotations("delivery.openmaru.io/state-format", "1")
                .endMetadata().addToData("active-slot", "green").addToData("history.json", """
                        [ {"revision" : 1, "image" : "%1$sv1", "slot" : "BLUE", "strategy" : "CANARY", "outcome" : "DEPLOYED",
                           "at" : "2026-01-05T10:00:00Z", "actor" : "alice", "rolledBackFrom" : 0, "env" : { }},
                          {"revision" : 2, "image" : "%1$sv2", "slot" : "GREEN", "strategy" : "CANARY", "outcome" : "PROMOTED",
                           "at" : "2026-01-05T11:00:00Z", "actor" : "alice", "rolledBackFrom" : 0, "env" : { }},
                          {"revision" : 3, "image" : "%1$sv1", "slot" : "BLUE", "outcome" : "ROLLED_BACK",
                           "at" : "2026-01-05T12:00:00Z", "actor" : "dave", "rolledBackFrom" : 2, "env" : { }},
                          {"revision" : 4, "image" : "%1$sv2", "slot" : "GREEN", "strategy" : "CANARY", "outcome" : "PROMOTED",
                           "at" : "2026-01-05T13:00:00Z", "actor" : "alice", "rolledBackFrom" : 0, "env" : { }} ]""".formatted(IMAGE))
                .addToData("rollout.json", """
                        {"revision" : 5, "spec" : null, "image" : "%1$sv1", "stableSlot" : "GREEN", "stableImage" : "%1$sv2",
                         "candidateSlot" : "BLUE", "phase" : "ROLLING_BACK", "startedAt" : "2026-01-05T14:00:00Z", "rollbackTo" : 3,
                         "driver" : "jenkins:shop#9", "message" : "rolling back to revision 3"}""".formatted(IMAGE))
                .build()).create();

        JsonNode plan = plan(ns, "--image", IMAGE + "v3");

        assertThat(plan.get("current").get("rolloutInProgress").get("strategy").asText()).isEqualTo("rollback");
        assertThat(plan.get("notes").toString()).contains("a rollback to revision 3 (" + IMAGE + "v1) is in progress (ROLLING_BACK)");
        CliHarness.Run text = cli.run("-n", ns, "plan", "shop", "--image", IMAGE + "v3");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("Now:  stable " + IMAGE + "v2 in slot green, revision 4; a rollback to revision 3 (" + IMAGE
                + "v1) is in progress (ROLLING_BACK)");
    }

    @Test
    void withoutAReadableKubeconfigThePlanSaysTheStateIsUnknown() {
        CliHarness.Run run = CliHarness.runWithoutKubeconfig("--kubeconfig", "/nonexistent", "plan", "shop", "--image", IMAGE + "v2",
                "--strategy", "bluegreen", "--auto-promote", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode plan = run.json();
        assertThat(plan.get("current").get("known").asBoolean()).isFalse();
        assertThat(plan.get("current").get("unknownReason").asText()).contains("kubeconfig: /nonexistent is not allowed");
        assertThat(actions(plan)).containsExactly("deploy@0", "ready@0", "promote@100", "warm@100");
        assertThat(plan.get("notes").get(0).asText()).contains("if shop has no release yet, the rollout is an initial deployment straight to 100 % instead");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--strategy blue --image shop:v1                           | strategy: blue is not allowed; expected canary, blue-green or rolling",
            "--image shop:v1 --max-surge 2                             | max-surge: 2 is not allowed; expected an option of --strategy rolling only",
            "--strategy rolling --image shop:v1 --steps 10,100         | steps: 10,100 is not allowed; expected an option of --strategy canary only",
            "--strategy canary --image shop:v1 --auto-promote          | auto-promote: true is not allowed; expected an option of --strategy blue-green only",
            "--strategy rolling --image shop:v1 --max-unavailable 150% | maxUnavailable: 150% is not allowed",
            "--strategy bluegreen --image shop:v1 --auto-promote-after x | auto-promote-after: x is not allowed",
            "--image shop --strategy bluegreen                         | image: shop is not allowed",
            "--image shop:v1 --steps 50,20                             | steps[1].weight: 20 is not allowed",
            "--strategy rolling                                        | Missing required option: '--image=IMG'",
            "--strategy bluegreen --image shop:v1 --gate prometheus:up<1 | --gate prometheus:up<1: prometheus: no Prometheus server URL configured; pass --prometheus-url URL"})
    void badInputExitsTwoNamesTheFieldAndTouchesNothing(String args, String message) {
        cli.sandbox.cluster().clearRequests();
        List<String> all = new ArrayList<>(List.of("-n", "plans", "plan", "shop"));
        all.addAll(List.of(args.trim().split("\\s+")));

        CliHarness.Run run = cli.run(all.toArray(String[]::new));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message).doesNotContain("\tat ");
        assertThat(cli.sandbox.cluster().requests()).isEmpty();
    }
}
