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
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --bake} against a sandbox whose pods serve real HTTP: a release that starts failing after promotion is rolled back. */
class CliBakeTest {
    static final String IMAGE = "quay.io/acme/shop:";
    static CliHarness cli;

    @BeforeAll
    static void startSandbox() {
        cli = new CliHarness();
    }

    @AfterAll
    static void stopSandbox() throws IOException {
        cli.close();
    }

    private static DeliveryState state(AppRef app) {
        return new RolloutEngine(cli.sandbox.client(), EngineConfig.of("test-reader")).status(app);
    }

    @Test
    void aReleaseThatFailsDuringTheBakeIsRolledBackToTheWarmSlotAndTheCommandFails() throws Exception {
        String ns = CliHarness.freshNamespace();
        AppRef app = new AppRef(ns, "shop");
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", IMAGE + "v1").exit()).isZero();

        CompletableFuture<CliHarness.Run> rollout = CompletableFuture.supplyAsync(() -> cli.run("-n", ns, "canary", "shop", "--image", IMAGE + "v2",
                "--steps", "50,100", "--gate", "http:/health:0.95", "--analysis-interval", "1s", "--analysis-count", "1", "--bake", "1m"));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(app).rollout() != null && state(app).rollout().phase() == RolloutPhase.BAKING);

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
        Release last = state(app).history().get(state(app).history().size() - 1);
        assertThat(last.outcome()).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(last.actor()).isEqualTo("bake");
        assertThat(last.image()).isEqualTo(IMAGE + "v1");
        assertThat(last.comment()).contains("http:/health").contains("FAIL");
    }

    @Test
    void planShowsTheBakeAndABakeLongerThanTheWarmWindowIsRefusedNamingBake() {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", IMAGE + "v1").exit()).isZero();

        CliHarness.Run plan = cli.run("-n", ns, "plan", "shop", "--image", IMAGE + "v2", "--steps", "50,100", "--gate", "http:/health",
                "--bake", "15m", "--scale-down-delay", "20m");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("bake 15m: [http:/health] keep measuring shop-green every 30s")
                .contains("sends 100 % back to shop-blue in one routing write");

        CliHarness.Run refused = cli.run("-n", ns, "canary", "shop", "--image", IMAGE + "v2", "--steps", "50,100", "--gate", "http:/health",
                "--bake", "15m");
        assertThat(refused.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("bake: 15m is not allowed").contains("at most scaleDownDelay 10m");
        assertThat(state(new AppRef(ns, "shop")).history()).hasSize(1);
    }
}
