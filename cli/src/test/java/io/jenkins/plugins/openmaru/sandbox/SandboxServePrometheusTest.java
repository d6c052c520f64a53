package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code openmaru sandbox serve --prometheus} with the real Prometheus (Debian package, installed by
 * ./run-tests.sh): it scrapes the simulated pods, gates a CLI canary, and never outlives serve.
 */
@Tag("slow")
class SandboxServePrometheusTest {
    private static final Pattern PROMETHEUS_LINE = Pattern.compile("prometheus  (http://127\\.0\\.0\\.1:\\d+)  \\(pid (\\d+),");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String IMAGE = "quay.io/acme/shop:";

    /** What one in-JVM CLI run printed. */
    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new SandboxCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void prometheusScrapesTheServedPodsGatesACanaryAndStopsWithServeOnCtrlC() throws Exception {
        Path kubeconfig = Files.createTempFile("openmaru-serve", ".kubeconfig");
        Path out = Files.createTempFile("openmaru-serve", ".out");
        Process child = childServe(kubeconfig, out, System.getenv("PATH"));
        try {
            Matcher line = await("serve prints Prometheus' URL").atMost(Duration.ofSeconds(60))
                    .until(() -> PROMETHEUS_LINE.matcher(Files.readString(out)), Matcher::find);
            URI prometheus = URI.create(line.group(1));
            ProcessHandle prometheusProcess = ProcessHandle.of(Long.parseLong(line.group(2))).orElseThrow();
            assertThat(prometheusProcess.parent().map(ProcessHandle::pid)).contains(child.pid());
            assertThat(Files.readString(out)).contains("give the CLI --prometheus-url " + prometheus);

            Run v1 = cli("--kubeconfig", kubeconfig.toString(), "-n", "prom", "canary", "shop", "--image", IMAGE + "v1");
            assertThat(v1.exit()).as(v1.err()).isZero();
            await("Prometheus has scraped requests served by v1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> requestsServedBy(prometheus, IMAGE + "v1") > 0);

            Run v2 = cli("--kubeconfig", kubeconfig.toString(), "-n", "prom", "--prometheus-url", prometheus.toString(),
                    "canary", "shop", "--image", IMAGE + "v2", "--steps", "50,100", "--analysis-interval", "1s", "--analysis-count", "2",
                    "--gate", "prometheus:sum(http_requests_total{namespace=\"{{namespace}}\",app=\"{{app}}\",slot=\"{{slot}}\",code=~\"5..\"}) or vector(0)<1");
            assertThat(v2.exit()).as(v2.out() + v2.err()).isZero();
            assertThat(v2.out()).containsPattern("gate +prometheus.* PASS ").contains("phase      PROMOTED");
            await("Prometheus has scraped requests served by v2").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> requestsServedBy(prometheus, IMAGE + "v2") > 0);

            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);

            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("serve exits on Ctrl-C").isTrue();
            assertThat(prometheusProcess.isAlive()).as("Prometheus after Ctrl-C").isFalse();
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(kubeconfig);
            Files.deleteIfExists(out);
        }
    }

    /** {@code sum(http_requests_total{version=...})} through Prometheus' HTTP API; 0 when it has no such series yet. */
    private static double requestsServedBy(URI prometheus, String version) throws IOException, InterruptedException {
        String query = "sum(http_requests_total{namespace=\"prom\",app=\"shop\",version=\"" + version + "\"})";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(prometheus.resolve("/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).get("data").get("result");
        return result.isEmpty() ? 0 : result.get(0).get("value").get(1).asDouble();
    }

    @Test
    void withoutTheBinaryServeExitsTwoAndSaysHowToInstallIt() throws Exception {
        Path kubeconfig = Files.createTempFile("openmaru-serve", ".kubeconfig");
        Path out = Files.createTempFile("openmaru-serve", ".out");
        Process child = childServe(kubeconfig, out, "/nonexistent");
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(2);
            assertThat(Files.readString(out)).contains("openmaru: prometheus: no 'prometheus' executable on PATH; install it (Debian/Ubuntu: "
                    + "apt-get install -y prometheus) or serve without --prometheus").doesNotContain("Sandbox running");
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(kubeconfig);
            Files.deleteIfExists(out);
        }
    }

    /** {@code openmaru sandbox serve --prometheus} in a child JVM with {@code path} as its PATH; stdout and stderr go to {@code out}. */
    private static Process childServe(Path kubeconfig, Path out, String path) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jenkins.plugins.openmaru.OpenmaruMain",
                "sandbox", "serve", "--prometheus", "--kubeconfig-out", kubeconfig.toString(), "--rollout-delay", "100ms", "--traffic-rps", "20")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PATH", path);
        return pb.start();
    }
}
