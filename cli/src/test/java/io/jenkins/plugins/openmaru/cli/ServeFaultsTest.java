package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.sandbox.InProcessServe;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code openmaru sandbox serve --faults FILE}: the CLI, through the kubeconfig serve writes, meets the file's faults. */
@Tag("slow")
class ServeFaultsTest {
    private static final Pattern API_SERVER = Pattern.compile("API server  (\\S+)");

    @Test
    void aRoutePutAnswered503IsRetriedAndTheCanaryIsPromoted() throws Exception {
        Path kubeconfig = Files.createTempFile("openmaru-serve-faults", ".kubeconfig");
        Path faults = Files.createTempFile("openmaru-faults", ".json");
        Path clean = Files.createTempFile("openmaru-clean", ".kubeconfig");
        Files.writeString(faults, """
                {"seed": 7, "rules": [{"method": "PUT", "path": ".*/routes/shop", "times": 2, "action": "answer", "status": 503}]}""");
        InProcessServe serve = InProcessServe.start(kubeconfig, "--faults", faults.toString(), "--traffic-rps", "0");
        try {
            Matcher api = API_SERVER.matcher(serve.out());
            assertThat(api.find()).as(serve.out()).isTrue();
            SandboxKubeconfig.write(clean, api.group(1), "faults");
            String ns = CliHarness.freshNamespace();
            String[] through = {"--kubeconfig", kubeconfig.toString(), "-n", ns};

            CliHarness.Run v1 = CliHarness.runWithoutKubeconfig(concat(through, "canary", "shop", "--image", "quay.io/acme/shop:v1"));
            CliHarness.Run v2 = CliHarness.runWithoutKubeconfig(concat(through, "canary", "shop", "--image", "quay.io/acme/shop:v2", "--steps", "100"));

            assertThat(v1.exit()).as(v1.err()).isZero();
            assertThat(v2.exit()).as(v2.out() + v2.err()).isZero();
            String injected = "PUT /apis/route.openshift.io/v1/namespaces/" + ns + "/routes/shop: Answer[status=503";
            assertThat(serve.out()).contains("faults      http://127.0.0.1:", "(1 rules from " + faults + ", seed 7; the kubeconfig points here)");
            assertThat(serve.out().split(Pattern.quote(injected), -1)).as(serve.out()).hasSize(3);
            CliHarness.Run status = CliHarness.runWithoutKubeconfig("--kubeconfig", clean.toString(), "-n", ns, "status", "shop", "-o", "json");
            assertThat(status.json().get("phase").asText()).isEqualTo("PROMOTED");
            assertThat(status.json().get("stable").get("image").asText()).isEqualTo("quay.io/acme/shop:v2");
            HttpResponse<String> route = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(api.group(1)).resolve("/apis/route.openshift.io/v1/namespaces/" + ns + "/routes/shop")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode spec = CliHarness.JSON.readTree(route.body()).get("spec");
            assertThat(spec.get("to").get("name").asText() + "=" + spec.get("to").get("weight").asInt()).isEqualTo("shop-green=100");
            assertThat(spec.path("alternateBackends")).allMatch(b -> b.get("weight").asInt() == 0);
        } finally {
            assertThat(serve.stop()).isZero();
            Files.deleteIfExists(kubeconfig);
            Files.deleteIfExists(faults);
            Files.deleteIfExists(clean);
        }
    }

    @Test
    void aBadRuleStopsServeBeforeItStartsNamingTheRuleAndField() throws Exception {
        Path faults = Files.createTempFile("openmaru-faults", ".json");
        Files.writeString(faults, """
                {"rules": [{"path": ".*", "action": "gone"}, {"path": ".*", "action": "answer", "status": 502}]}""");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            int exit = Cli.commandLine(new SandboxCommand()).setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true)).execute("sandbox", "serve", "--faults", faults.toString());

            assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err.toString()).contains("rules[1].status: 502 is not allowed; expected one of 409, 429, 500, 503");
            assertThat(out.toString()).doesNotContain("Sandbox running");
        } finally {
            Files.deleteIfExists(faults);
        }
    }

    private static String[] concat(String[] head, String... tail) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(head), java.util.Arrays.stream(tail)).toArray(String[]::new);
    }
}
