package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes 2 (bad input, named, nothing written) and 3 (cluster problems, the lease holder named) */
class CliErrorsTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "canary shop --image quay.io/acme/shop                     | image: quay.io/acme/shop is not allowed; expected an image reference with a tag or digest",
            "canary shop --image shop:v1 --steps 10,abc,100            | steps[1]: abc is not allowed",
            "canary shop --image shop:v1 --steps 50,20                 | .weight: 20 is not allowed; expected a weight greater than the previous step's 50",
            "canary shop --image shop:v1 --gate http:/health:1.5       | gate.http.minSuccessRatio: 1.5 is not allowed",
            "canary shop --image shop:v1 --gate ping:x                 | gate.kind: ping is not allowed",
            "canary shop --image shop:v1 --env NOEQUALS                | env[0]: NOEQUALS is not allowed; expected NAME=VALUE",
            "canary shop --image shop:v1 --analysis-interval soon      | analysis-interval: soon is not allowed",
            "canary Shop_1 --image shop:v1                             | app: Shop_1 is not allowed; expected a DNS-1035 label",
            "canary shop --image shop:v1 --steps analysis              | steps[0]: analysis is not allowed; expected an analysis step only with at least one --gate",
            "canary shop --image shop:v1 --steps 10,manual:soon        | gate.manual.timeout: soon is not allowed",
            "bluegreen shop --image shop:v1 --gate manual:30m          | --gate: manual:30m is not allowed; expected a measuring gate; blue-green waits for 'openmaru promote'",
            "rolling shop --image shop:v1 --gate manual                | --gate: manual is not allowed; expected a measuring gate; a rolling update does not pause for approval",
            "canary shop --image shop:v1 --steps 10,100 --gate prometheus:up<1 | --gate prometheus:up<1: prometheus: no Prometheus server URL configured; pass --prometheus-url URL, e.g.",
            "canary shop --image shop:v1 --gate preset:http-p99-latency | --gate preset:http-p99-latency: prometheus: no Prometheus server URL configured; pass --prometheus-url URL",
            "canary shop --image shop:v1 --replicas 0                  | replicas: 0 is not allowed",
            "canary shop --image shop:v1 --router istio                | router: istio is not allowed; expected route, gateway, replicas or auto",
            "rolling shop --image shop:v1 --router gateway             | Unknown options: '--router', 'gateway'",
            "canary shop                                               | Missing required option: '--image=IMG'",
            "-o yaml status shop                                       | Invalid value for option '--output'",
            "frobnicate shop                                           | Unmatched arguments",
            "cnary shop --image shop:v1                                | Unmatched arguments from index 4: 'cnary', 'shop', '--image', 'shop:v1'; did you mean canary?",
            "rollbak shop                                              | 'rollbak', 'shop'; did you mean rollback?",
            "canary shop --imgae shop:v1                               | Unknown options: '--imgae', 'shop:v1'; did you mean --image?",
            "canary shop --image shop:v1 --stpes 10                    | Unknown options: '--stpes', '10'; did you mean --steps?",
            "--kubconfig x status shop                                 | Unknown options: '--kubconfig', 'x'; did you mean --kubeconfig?"})
    void badInputExitsTwoNamesTheFieldAndWritesNothing(String args, String message) {
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = cli.run(("-n errors " + args).trim().split("\\s+"));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message);
        assertThat(run.err()).doesNotContain("\tat ").as("CLI advice: no spec paths, no Jenkins").doesNotContain("analysis.gates[")
                .doesNotContain("Jenkins");
        assertThat(cli.sandbox.cluster().requests()).extracting(ApiRequest::method).doesNotContain("POST", "PUT", "PATCH", "DELETE");
    }

    @Test
    void statusOfAnAppWithoutDeliveryStateIsBadInput() {
        CliHarness.Run run = cli.run("-n", "errors", "status", "nosuchapp");

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("app: nosuchapp is not allowed; expected an app with delivery state in namespace errors");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "canary | rolling | strategy: rolling is not allowed; expected canary or blue-green: {ns}/shop serves revision 1 deployed with slots (blue serves)",
            "bluegreen | rolling | strategy: rolling is not allowed; expected canary or blue-green",
            "rolling | canary | strategy: canary is not allowed; expected rolling: {ns}/shop serves revision 1 deployed with a rolling update of Deployment shop",
            "rolling | bluegreen | strategy: blue-green is not allowed; expected rolling"})
    void aStrategyThatDoesNotFitHowTheAppIsDeployedIsRefusedBeforeAnyWrite(String first, String second, String message) {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, first, "shop", "--image", "quay.io/acme/shop:v1").exit()).isZero();
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = cli.run("-n", ns, second, "shop", "--image", "quay.io/acme/shop:v2");
        CliHarness.Run plan = cli.run("-n", ns, "plan", "shop", "--strategy", second, "--image", "quay.io/acme/shop:v2");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message.replace("{ns}", ns)).contains("deploy under a new app name");
        assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(plan.err()).contains(message.replace("{ns}", ns));
        assertNothingWritten();
        assertThat(cli.run("-n", ns, "-o", "json", "status", "shop").json().path("stable").path("image").asText())
                .isEqualTo("quay.io/acme/shop:v1");
    }

    @Test
    void aGatewayRolloutWithoutItsHttpRouteIsRefusedBeforeAnyWrite() {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", "quay.io/acme/shop:v1").exit()).isZero();
        cli.sandbox.cluster().clearRequests();
        String message = "router: gateway is not allowed; expected route, replicas or auto, or gateway once HTTPRoute " + ns
                + "/shop does not exist; create it with parentRefs to your Gateway";

        CliHarness.Run run = cli.run("-n", ns, "canary", "shop", "--image", "quay.io/acme/shop:v2", "--router", "gateway");
        CliHarness.Run plan = cli.run("-n", ns, "plan", "shop", "--image", "quay.io/acme/shop:v2", "--router", "gateway");
        CliHarness.Run first = cli.run("-n", CliHarness.freshNamespace(), "canary", "web", "--image", "quay.io/acme/web:v1", "--router", "gateway");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message);
        assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(plan.err()).contains(message);
        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(first.err()).contains("HTTPRoute").contains("/web does not exist");
        assertNothingWritten();
    }

    @Test
    void aContextTheKubeconfigLacksIsRefused() {
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = cli.run("--context", "prod", "-n", "errors", "canary", "shop", "--image", "quay.io/acme/shop:v1");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("context: prod is not allowed; expected a context of the kubeconfig " + cli.kubeconfig
                + " (it has: " + SandboxKubeconfig.CONTEXT + ")");
        assertThat(cli.sandbox.cluster().requests()).isEmpty();
        assertThat(cli.run("--context", SandboxKubeconfig.CONTEXT, "-n", "errors", "plan", "shop", "--image", "quay.io/acme/shop:v1").exit())
                .isZero();
    }

    @Test
    void aGateOnAFirstDeploymentIsSaidNotToRun() {
        String ns = CliHarness.freshNamespace();

        CliHarness.Run run = cli.run("-n", ns, "canary", "shop", "--image", "quay.io/acme/shop:v1", "--gate", "http:/health");
        CliHarness.Run ungated = cli.run("-n", CliHarness.freshNamespace(), "canary", "shop", "--image", "quay.io/acme/shop:v1");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.unwrappedOut()).contains("canary of quay.io/acme/shop:v1 (first deployment: straight to 100%; gates are not run:"
                + " there is no stable to compare with or return to)");
        assertThat(ungated.unwrappedOut()).contains("(first deployment: straight to 100%)");
    }

    @Test
    void rollingBackTheOnlyReleaseIsBadInputAndWritesNothing() {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", "quay.io/acme/shop:v1").exit()).isZero();
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = cli.run("-n", ns, "rollback", "shop");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("app: shop is not allowed; expected an app with an earlier release that served; revision 1 is the only"
                + " release of " + ns + "/shop that served, so there is nothing to roll back to");
        assertNothingWritten();
    }

    private static void assertNothingWritten() {
        assertThat(cli.sandbox.cluster().requests()).extracting(ApiRequest::method).doesNotContain("POST", "PUT", "PATCH", "DELETE");
    }

    @Test
    void anotherDriverHoldingTheLeaseExitsThreeAndIsNamed() {
        AppRef app = new AppRef(CliHarness.freshNamespace(), "shop");
        new AppLease(cli.sandbox.client(), Clock.systemUTC(), Duration.ofMinutes(5)).acquire(app, "jenkins:shop#12");

        CliHarness.Run run = cli.run("-n", app.namespace(), "canary", "shop", "--image", "quay.io/acme/shop:v1");

        assertThat(run.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(run.err()).contains("is being driven by jenkins:shop#12");
    }

    @Test
    void promoteWithoutARolloutInProgressIsAClusterStateConflict() {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, "canary", "shop", "--image", "quay.io/acme/shop:v1").exit()).isZero();

        CliHarness.Run run = cli.run("-n", ns, "promote", "shop");

        assertThat(run.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(run.err()).contains("no rollout of " + ns + "/shop is in progress; nothing to promote");
    }

    @ParameterizedTest
    @CsvSource({"status shop", "build shop --mode image --image quay.io/acme/shop:1",
            "apply --template openmaru-java -p APPLICATION_NAME=shop -p SOURCE_REPOSITORY_URL=https://git.example.com/shop.git"})
    void anUnreachableApiServerExitsThree(String command) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path kubeconfig = Files.createTempFile("unreachable", ".kubeconfig");
        SandboxKubeconfig.write(kubeconfig, "http://127.0.0.1:" + closedPort + "/", "default");
        try {
            CliHarness.Run run = CliHarness.runWithoutKubeconfig(("--kubeconfig " + kubeconfig + " " + command).split(" "));

            assertThat(run.exit()).isEqualTo(ExitCodes.CLUSTER);
            assertThat(run.err()).contains("openmaru: cannot reach the API server")
                    .contains("(API server http://127.0.0.1:" + closedPort + "/, context " + SandboxKubeconfig.CONTEXT
                            + ", kubeconfig " + kubeconfig + ")");
        } finally {
            Files.delete(kubeconfig);
        }
    }

    @Test
    void noKubeconfigSaysNoneWasFoundAndWhereItLooked() throws IOException {
        Path missing = Files.createTempDirectory("nokube").resolve("config");
        String before = System.setProperty("kubeconfig", missing.toString());
        try {
            CliHarness.Run run = CliHarness.runWithoutKubeconfig("status", "shop");

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.CLUSTER);
            assertThat(run.err()).contains("openmaru: cannot reach the API server")
                    .contains("no kubeconfig found: looked in " + missing + " and for an in-cluster service account;"
                            + " pass --kubeconfig or set KUBECONFIG");
        } finally {
            if (before == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", before);
            }
            Files.delete(missing.getParent());
        }
    }
}
