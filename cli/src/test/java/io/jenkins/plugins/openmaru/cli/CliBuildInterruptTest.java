package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.client.OpenShiftClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
        // The sandbox keeps a build of a Git URL containing "hold" Running until it is cancelled.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jenkins.plugins.openmaru.OpenmaruMain",
                "--kubeconfig", cli.kubeconfig.toString(), "-n", ns,
                "build", "shop", "--mode", "source", "--git-url", "https://git.example.com/team/hold.git")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
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
}
