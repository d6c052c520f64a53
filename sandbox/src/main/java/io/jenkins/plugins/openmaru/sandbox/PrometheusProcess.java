package io.jenkins.plugins.openmaru.sandbox;

import io.jenkins.plugins.openmaru.sandbox.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Prometheus server (the {@code prometheus} binary, e.g. Debian's package) as a child process on
 * loopback, scraping one {@code /metrics} URL, with its configuration and data in a temporary directory.
 * Closing it, or the JVM shutting down (Ctrl-C included), stops the process and removes the directory.
 */
public final class PrometheusProcess implements AutoCloseable {
    /** How to get the binary, for messages that say it is missing. */
    public static final String INSTALL_HINT = "apt-get install -y prometheus";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final ChildProcess process = new ChildProcess("prometheus");
    private final URI url;

    private PrometheusProcess(Path binary, URI target, int port, Duration scrapeInterval) throws IOException {
        int listen = port == 0 ? ChildProcess.freePort() : port;
        url = URI.create("http://127.0.0.1:" + listen);
        try {
            configureAndStart(binary, target, listen, scrapeInterval);
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private void configureAndStart(Path binary, URI target, int listen, Duration scrapeInterval) throws IOException {
        Path dir = process.dir();
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
        process.start(List.of(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + listen), line -> { });
    }

    /**
     * Starts {@code binary} scraping {@code target} (a {@code /metrics} URL) every {@code scrapeInterval}
     * and returns once it answers {@code /-/ready}.
     *
     * @param port the loopback port to listen on; 0 picks a free one
     * @throws IllegalStateException when it exits or is not ready within 30 s (the message holds its log)
     */
    public static PrometheusProcess start(Path binary, URI target, int port, Duration scrapeInterval) {
        PrometheusProcess p = null;
        try {
            p = new PrometheusProcess(binary, target, port, scrapeInterval);
            p.process.awaitReady(READY_TIMEOUT, "answer on " + p.url + "/-/ready", p::ready);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        } catch (RuntimeException e) {
            if (p != null) {
                p.close();
            }
            throw e;
        }
    }

    /** The executable named {@code prometheus} in the first directory of {@code searchPath} (a PATH value) that has one. */
    public static Optional<Path> find(String searchPath) {
        return ChildProcess.find("prometheus", searchPath);
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    private boolean ready() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
        try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Prometheus started", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
