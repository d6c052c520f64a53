package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reliability matrix (docs/reliability.md): each case injects one fault between the CLI (or the
 * engine) and the sandbox's API server with a {@link FaultProxy}, then checks from a clean client what
 * serves (Route weights), what the state and history say, who holds the lease, and the exit code and
 * message the user got.
 */
class ReliabilityMatrixTest {
    static CliHarness cli;
    static FaultProxy proxy;
    static Path proxied;
    AppRef app;

    @BeforeAll
    static void start() throws IOException {
        cli = new CliHarness();
        proxy = FaultProxy.start(cli.sandbox.cluster().url());
        proxied = Files.createTempFile("openmaru-faults", ".kubeconfig");
        SandboxKubeconfig.write(proxied, proxy.url(), "default");
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        cli.close();
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
        List<String> all = new java.util.ArrayList<>(List.of("--kubeconfig", proxied.toString(), "-n", app.namespace()));
        all.addAll(List.of(args));
        return CliHarness.runWithoutKubeconfig(all.toArray(String[]::new));
    }

    /** The CLI straight to the API server: the clean client that checks outcomes. */
    CliHarness.Run clean(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("-n", app.namespace()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    void release(String version) {
        CliHarness.Run r = clean("canary", "shop", "--image", "quay.io/acme/shop:" + version, "--steps", "100");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    String weights() {
        var spec = cli.route(app).getSpec();
        StringBuilder b = new StringBuilder(spec.getTo().getName() + "=" + spec.getTo().getWeight());
        spec.getAlternateBackends().forEach(x -> b.append(",").append(x.getName()).append("=").append(x.getWeight()));
        return b.toString();
    }

    JsonNode status() {
        return clean("status", "shop", "-o", "json").json();
    }

    JsonNode newestRelease() {
        return clean("history", "shop", "-o", "json").json().get("releases").get(0);
    }

    // 1. A watch that connects but never answers must not hang the rollout.
    @ParameterizedTest(name = "1. black-holed {0} watch")
    @ValueSource(strings = {"configmaps", "deployments"})
    void blackHoledWatchDoesNotHangTheRollout(String kind) {
        release("v1");
        proxy.rules().add(FaultRule.on("GET", ".*/" + kind + "\\?.*watch=true.*", new FaultRule.BlackHole()));

        CompletableFuture<CliHarness.Run> run = CompletableFuture.supplyAsync(
                () -> faulty("canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,pause:1s,100"));

        CliHarness.Run r = await().atMost(Duration.ofSeconds(40)).until(() -> run.getNow(null), x -> x != null);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(proxy.rules().hits(0)).isEqualTo(1);
        assertThat(weights()).isEqualTo("shop-green=100");
        assertThat(status().get("phase").asText()).isEqualTo("PROMOTED");
        assertThat(status().get("driver").isNull()).isTrue();
    }
}
