package io.jenkins.plugins.openmaru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import io.jenkins.plugins.openmaru.sandbox.InProcessServe;
import io.jenkins.plugins.openmaru.sandbox.dataplane.RouterClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openmaru sandbox demo}, the README's main job, through the same command line the jar runs. */
@Tag("slow")
class OpenmaruMainTest {

    @Test
    void sandboxDemoTellsTheWholeStoryAndExitsZeroWithinAMinute() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Instant start = Instant.now();

        int exit = Cli.commandLine(new SandboxCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("sandbox", "demo");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
        String text = out.toString();
        // A long event goes on under its text on the next lines (RolloutNarrator.wrap): read it joined.
        assertThat(text.replaceAll("\\n {10}", " "))
                .contains("start     canary of quay.io/openmaru/shop:v1 (first deployment: straight to 100%; gates are not run: there is no stable to compare with or return to)")
                .contains("step 1/5: set weight 20%")
                .containsPattern("gate +http:/health PASS 20 x HTTP 200")
                .containsPattern("gate +http:/health FAIL .*HTTP 500")
                .containsPattern("ok +initial deploy v1 +DEPLOYED, v1 serves +DEPLOYED, v1 serves")
                .containsPattern("ok +canary v2 \\(healthy\\) +PROMOTED, v2 serves +PROMOTED, v2 serves")
                .containsPattern("ok +canary v3 \\(30 % errors\\) +ABORTED, v2 serves +ABORTED, v2 serves")
                .containsPattern("ok +blue/green v4 +PROMOTED, v4 serves +PROMOTED, v4 serves")
                .containsPattern("ok +instant rollback to v2 +ROLLED_BACK, v2 serves +ROLLED_BACK, v2 serves +\\d+ ms")
                .contains("switch    shop-green serves 100%")
                .contains("start     blue-green of quay.io/openmaru/shop:v4").doesNotContain("blue_green")
                .containsPattern("quay\\.io/openmaru/shop:v3 +[1-9]\\d*")
                .as("with haproxy installed (./run-tests.sh installs it) the demo runs through real HAProxy")
                .containsPattern("Router: HAProxy \\(2\\.\\d+")
                .containsPattern("requests the router \\(HAProxy \\(2\\.\\d+.*\\) served, per version")
                .contains("Every outcome was as expected");
    }

    @Test
    void sandboxServeWritesAKubeconfigTheCliCanTarget(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("sandbox.kubeconfig");
        InProcessServe serve = InProcessServe.start(kubeconfig, "-n", "team", "--rollout-delay", "50ms");
        int exitCode;
        try {
            assertThat(serve.out()).contains("metrics");
            assertThat(serve.out()).containsPattern("router +http://127\\.0\\.0\\.1:\\d+ +\\(HAProxy \\(2\\.");
            assertThat(Files.readString(kubeconfig)).contains("namespace: team").doesNotContain("token");
            StringWriter cliOut = new StringWriter();

            int exit = Cli.commandLine().setOut(new PrintWriter(cliOut, true))
                    .execute("--kubeconfig", kubeconfig.toString(), "canary", "web", "--image", "quay.io/acme/web:1.0", "-o", "json");

            assertThat(exit).as(cliOut.toString()).isZero();
            assertThat(cliOut.toString()).contains("\"namespace\" : \"team\"").contains("\"host\" : \"web-team.apps.sandbox\"");
            String router = serve.out().replaceAll("(?s).*router +(http://127\\.0\\.0\\.1:\\d+).*", "$1");
            RouterClient client = new RouterClient(URI.create(router).getPort());
            await().atMost(Duration.ofSeconds(10)).until(() -> client.get("web-team.apps.sandbox", "/").version().orElse(""),
                    v -> v.equals("quay.io/acme/web:1.0"));
        } finally {
            exitCode = serve.stop();
        }
        assertThat(exitCode).isZero();
    }

    @Test
    void badInputExitsTwoAndNamesTheOption() {
        StringWriter err = new StringWriter();

        int exit = Cli.commandLine(new SandboxCommand()).setErr(new PrintWriter(err, true)).execute("sandbox", "demo", "--traffic-rps", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("traffic-rps: 0 is not allowed; expected an integer from 1 to 200");
    }

    @Test
    void anUnknownRouterExitsTwoAndNamesTheChoices() {
        StringWriter err = new StringWriter();

        int exit = Cli.commandLine(new SandboxCommand()).setErr(new PrintWriter(err, true)).execute("sandbox", "demo", "--router", "nginx");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("router: nginx is not allowed; expected haproxy or builtin");
    }
}
