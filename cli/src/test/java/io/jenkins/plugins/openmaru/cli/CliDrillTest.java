package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code openmaru drill} against the sandbox: plan, a passing drill with reports, refusal, exit codes. */
@Tag("slow")
class CliDrillTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();
    String ns;

    @BeforeEach
    void twoReleases() {
        ns = CliHarness.freshNamespace();
        for (String v : new String[] {"1.0", "2.0"}) {
            CliHarness.Run r = cli.run("-n", ns, "canary", "shop", "--image", "quay.io/acme/shop:" + v, "--steps", "100");
            assertThat(r.exit()).as(r.err()).isZero();
        }
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = cli.run("-n", ns, "drill", "shop", "--dry-run", "--max-time-to-restore", "45s");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("now: revision 2 (quay.io/acme/shop:2.0) serves from shop-green",
                "rollback: shop-blue is warm with revision 1 (quay.io/acme/shop:1.0): no scale-up", "target: each restore verified within 45s",
                "drill      PLANNED: dry run: nothing was written");
        assertThat(cli.sandbox.cluster().requests()).noneMatch(ApiRequest::mutating);
    }

    @Test
    void drillWritesReportsAndPrintsJson(@TempDir Path dir) throws IOException {
        CliHarness.Run run = cli.run("-n", ns, "drill", "shop", "--environment", "staging", "--report-dir", dir.toString(), "-o", "json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("outcome").asText()).isEqualTo("PASSED");
        assertThat(json.get("phases").get(0).get("toRevision").asInt()).isEqualTo(1);
        assertThat(json.get("phases").get(1).get("outcome").asText()).isEqualTo("PASSED");
        assertThat(json.get("actor").asText()).startsWith("cli:");
        assertThat(Files.readString(dir.resolve("rollback-drill-" + ns + "-shop.xml"))).contains("<testsuite name=\"rollback-drill.staging." + ns + ".shop\"");
        assertThat(dir.resolve("rollback-drill-" + ns + "-shop.html")).exists();
    }

    @Test
    void refusedWhileSomeoneElseDrivesTheAppWithExit3() {
        new AppLease(cli.sandbox.client(), Clock.systemUTC(), Duration.ofMinutes(1)).acquire(new AppRef(ns, "shop"), "jenkins:shop#12");

        CliHarness.Run run = cli.run("-n", ns, "drill", "shop");

        assertThat(run.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(run.err()).contains("driven by jenkins:shop#12");
    }

    @Test
    void badInputExits2NamingTheField() {
        CliHarness.Run run = cli.run("-n", ns, "drill", "shop", "--max-time-to-restore", "fast");

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("maxTimeToRestore: fast is not allowed");
    }
}
