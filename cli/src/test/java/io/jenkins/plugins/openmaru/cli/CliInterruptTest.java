package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.openmaru.model.AppRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ctrl-C on a foreground rollout: the CLI (a real child process) aborts, traffic back to stable, then exits 130. */
@Tag("slow")
class CliInterruptTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @ParameterizedTest
    @CsvSource({"INT, 130, interrupted (Ctrl-C)", "TERM, 143, terminated (SIGTERM)"})
    void ctrlCOrAKillAbortsTheRolloutBeforeExitingAndIsRecordedAsSuch(String signal, int exit, String comment) throws Exception {
        AppRef app = new AppRef(CliHarness.freshNamespace(), "shop");
        assertThat(cli.run("-n", app.namespace(), "canary", "shop", "--image", "quay.io/acme/shop:v1").exit()).isZero();
        Path out = Files.createTempFile("openmaru-child", ".out");
        Path err = Files.createTempFile("openmaru-child", ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jenkins.plugins.openmaru.OpenmaruMain",
                "--kubeconfig", cli.kubeconfig.toString(), "-n", app.namespace(),
                "canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "20,manual,100")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("waiting   paused at 20%"));
            assertThat(cli.route(app).getSpec().getAlternateBackends()).extracting(b -> b.getName() + "=" + b.getWeight())
                    .containsExactly("shop-green=20");

            new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);

            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(exit);
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("openmaru: " + comment.substring(0, comment.indexOf(' ')) + "; aborted: by cli:");
        assertThat(cli.route(app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(cli.route(app).getSpec().getTo().getWeight()).isEqualTo(100);
        assertThat(cli.route(app).getSpec().getAlternateBackends()).isEmpty();
        JsonNode newest = cli.run("-n", app.namespace(), "history", "shop", "-o", "json").json().get("releases").get(0);
        assertThat(newest.get("outcome").asText()).isEqualTo("ABORTED");
        assertThat(newest.get("comment").asText()).isEqualTo(comment);
        Files.delete(out);
        Files.delete(err);
    }
}
