package io.jenkins.plugins.openmaru;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code openmaru sandbox demo}, the README's main job, through the same command line the jar runs. */
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
        assertThat(text)
                .contains("start     canary of quay.io/openmaru/shop:v1 (first deployment: straight to 100%)")
                .contains("step 1/5: set weight 20%")
                .containsPattern("gate +http:/health PASS: GET http://127\\.0\\.0\\.1:\\d+/health x20: 20 x HTTP 200")
                .containsPattern("gate +http:/health FAIL: GET http://127\\.0\\.0\\.1:\\d+/health x20: .*HTTP 500")
                .containsPattern("ok +initial deploy v1 +DEPLOYED, v1 serves +DEPLOYED, v1 serves")
                .containsPattern("ok +canary v2 \\(healthy\\) +PROMOTED, v2 serves +PROMOTED, v2 serves")
                .containsPattern("ok +canary v3 \\(30 % errors\\) +ABORTED, v2 serves +ABORTED, v2 serves")
                .containsPattern("quay\\.io/openmaru/shop:v3 +[1-9]\\d*")
                .contains("Every outcome was as expected");
    }

    @Test
    void badInputExitsTwoAndNamesTheOption() {
        StringWriter err = new StringWriter();

        int exit = Cli.commandLine(new SandboxCommand()).setErr(new PrintWriter(err, true)).execute("sandbox", "demo", "--traffic-rps", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("traffic-rps: 0 is not allowed; expected an integer from 1 to 200");
    }
}
