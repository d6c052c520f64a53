package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ctrl-C during {@code openmaru build} (a real child process): the Build is cancelled in the cluster, then the CLI exits 130. */
@Tag("slow")
class CliBuildInterruptTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @Test
    void ctrlCCancelsTheRunningBuildBeforeExiting() throws Exception {
        String ns = CliHarness.freshNamespace();
        Path out = Files.createTempFile("openmaru-build-child", ".out");
        Path err = Files.createTempFile("openmaru-build-child", ".err");
        Process child = build(cli.kubeconfig, ns, out, err);
        OpenShiftClient openShift = cli.sandbox.client().adapt(OpenShiftClient.class);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(err).contains("Performing maven build ..."));
            assertThat(openShift.builds().inNamespace(ns).withName("shop-1").get().getStatus().getPhase()).isEqualTo("Running");

            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);

            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("openmaru: interrupted; build shop-1 cancelled");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Build build = openShift.builds().inNamespace(ns).withName("shop-1").get();
            assertThat(build.getStatus().getCancelled()).isTrue();
            assertThat(build.getStatus().getPhase()).isEqualTo("Cancelled");
        });
        Files.delete(out);
        Files.delete(err);
    }

    /**
     * Ctrl-C while a fault proxy holds one request before the command follows the Build: the BuildConfig's (no Build is
     * created), or the one that creates the Build (in binary mode: the whole upload), which the API server answers after
     * the signal: the Build is cancelled once the answer names it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST | .*/buildconfigs                     | false | openmaru: interrupted; no build was created",
        "POST | .*/buildconfigs/shop/instantiate    | true  | openmaru: interrupted while the build was being created; cancelling it once the cluster answers"})
    void ctrlCBeforeTheBuildIsFollowedCancelsWhatWasCreated(String method, String path, boolean created, String said) throws Exception {
        String ns = CliHarness.freshNamespace();
        Path out = Files.createTempFile("openmaru-build-child", ".out");
        Path err = Files.createTempFile("openmaru-build-child", ".err");
        Path kubeconfig = Files.createTempFile("openmaru-build-child", ".kubeconfig");
        OpenShiftClient openShift = cli.sandbox.client().adapt(OpenShiftClient.class);
        try (FaultProxy proxy = FaultProxy.start(cli.sandbox.cluster().url())) {
            SandboxKubeconfig.write(kubeconfig, proxy.url(), "default");
            proxy.rules().add(FaultRule.on(method, path, new FaultRule.Delay(Duration.ofSeconds(5))));
            Process child = build(kubeconfig, ns, out, err);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> proxy.rules().hits(0) == 1);

                new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);

                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
            } finally {
                child.destroyForcibly();
            }
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains(said);
            // The held request reaches the API server after its delay, whether or not the CLI still waits for it.
            await().atMost(Duration.ofSeconds(30)).until(() -> openShift.buildConfigs().inNamespace(ns).withName("shop").get() != null);
            if (created) {
                assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("openmaru: interrupted; build shop-1 cancelled");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Build build = openShift.builds().inNamespace(ns).withName("shop-1").get();
                    assertThat(build).as("build shop-1").isNotNull();
                    assertThat(build.getStatus().getCancelled()).isTrue();
                    assertThat(build.getStatus().getPhase()).isEqualTo("Cancelled");
                });
            } else {
                assertThat(openShift.builds().inNamespace(ns).list().getItems()).isEmpty();
            }
        }
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEmpty();
        Files.delete(out);
        Files.delete(err);
        Files.delete(kubeconfig);
    }

    /** {@code openmaru build} of a source the sandbox keeps Running until it is cancelled (a Git URL containing "hold"), as a child process. */
    private static Process build(Path kubeconfig, String ns, Path out, Path err) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jenkins.plugins.openmaru.OpenmaruMain",
                "--kubeconfig", kubeconfig.toString(), "-n", ns,
                "build", "shop", "--mode", "source", "--git-url", "https://git.example.com/team/hold.git")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }
}
