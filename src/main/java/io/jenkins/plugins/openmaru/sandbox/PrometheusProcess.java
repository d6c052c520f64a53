package io.jenkins.plugins.openmaru.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the {@code prometheus} binary, e.g. Debian's package) as a child process on
 * loopback, scraping one {@code /metrics} URL, with its configuration and data in a temporary directory.
 * Closing it, or the JVM shutting down (Ctrl-C included), stops the process and removes the directory.
 */
public final class PrometheusProcess implements AutoCloseable {
    /** How to get the binary, for messages that say it is missing. */
    public static final String INSTALL_HINT = "apt-get install -y prometheus";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final Process process;
    private final URI url;
    private final Thread shutdownHook;

    private PrometheusProcess(Path binary, URI target, int port, Duration scrapeInterval) throws IOException {
        dir = Files.createTempDirectory("openmaru-prometheus");
        int listen = port == 0 ? freePort() : port;
        String interval = scrapeInterval.toMillis() + "ms";
        Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: " + interval,
                "  scrape_timeout: " + interval,
                "  evaluation_interval: " + interval,
                "scrape_configs:",
                "  - job_name: openmaru-sandbox",
                // keep the pods' own namespace/app/slot labels, as a pod-annotation scrape with relabelling would
                "    honor_labels: true",
                "    metrics_path: " + (target.getPath() == null || target.getPath().isEmpty() ? "/metrics" : target.getPath()),
                "    static_configs:",
                "      - targets: ['" + target.getHost() + ":" + target.getPort() + "']",
                ""));
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + listen)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        shutdownHook = new Thread(this::stop, "openmaru-prometheus-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        url = URI.create("http://127.0.0.1:" + listen);
    }

    /**
     * Starts {@code binary} scraping {@code target} (a {@code /metrics} URL) every {@code scrapeInterval}
     * and returns once it answers {@code /-/ready}.
     *
     * @param port the loopback port to listen on; 0 picks a free one
     * @throws IllegalStateException when it exits or is not ready within 30 s (the message holds its log)
     */
    public static PrometheusProcess start(Path binary, URI target, int port, Duration scrapeInterval) {
        PrometheusProcess p;
        try {
            p = new PrometheusProcess(binary, target, port, scrapeInterval);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        try {
            p.awaitReady();
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The executable named {@code prometheus} in the first directory of {@code searchPath} (a PATH value) that has one. */
    public static Optional<Path> find(String searchPath) {
        return Arrays.stream((searchPath == null ? "" : searchPath).split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Prometheus started", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Prometheus not ready at " + url + " within " + READY_TIMEOUT.toSeconds() + " s: " + log());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Prometheus started", e);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and deletes its directory; safe to call twice. */
    private synchronized void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp directory left behind is harmless; the process is what must not outlive us
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) stop() itself
        }
    }
}
