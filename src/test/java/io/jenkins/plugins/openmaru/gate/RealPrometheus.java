package io.jenkins.plugins.openmaru.gate;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Prometheus server (Debian package {@code prometheus}) on a free loopback port,
 * scraping one target every second. Fails loudly when the binary is missing: CI installs it
 * through ./run-tests.sh, and a silently skipped test would prove nothing.
 */
final class RealPrometheus implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final URI url;

    RealPrometheus(URI target) {
        Path binary = binary(System.getenv().getOrDefault("PATH", ""));
        try {
            dir = Files.createTempDirectory("openmaru-prometheus");
            int port = freePort();
            Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "  evaluation_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: exporter",
                    "    honor_labels: true",
                    "    static_configs:",
                    "      - targets: ['" + target.getHost() + ":" + target.getPort() + "']",
                    ""));
            process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            // a test JVM stopped early must not leave Prometheus running on a shared machine
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            url = URI.create("http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("Prometheus ready at " + url).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(this::ready);
    }

    /** The prometheus executable on {@code searchPath}, or an error that says how to install it. */
    static Path binary(String searchPath) {
        return Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "The prometheus binary is not on PATH. Install it with `apt-get install -y prometheus` "
                                + "(./run-tests.sh does this) and run the tests again."));
    }

    URI url() {
        return url;
    }

    private boolean ready() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n"
                    + Files.readString(dir.resolve("prometheus.log")));
        }
        try {
            return GateTestSupport.HTTP.send(HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
