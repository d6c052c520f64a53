package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.sandbox.PrometheusProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real Prometheus server (Debian package {@code prometheus}) on a free loopback port,
 * scraping one target every second, started as {@code openmaru sandbox serve --prometheus} starts it.
 * Fails loudly when the binary is missing: CI installs it through ./run-tests.sh, and a silently
 * skipped test would prove nothing.
 */
final class RealPrometheus implements AutoCloseable {

    private final PrometheusProcess process;

    RealPrometheus(URI target) {
        process = PrometheusProcess.start(binary(System.getenv().getOrDefault("PATH", "")), target, 0, Duration.ofSeconds(1));
    }

    /** The prometheus executable on {@code searchPath}, or an error that says how to install it. */
    static Path binary(String searchPath) {
        return PrometheusProcess.find(searchPath).orElseThrow(() -> new IllegalStateException(
                "The prometheus binary is not on PATH. Install it with `" + PrometheusProcess.INSTALL_HINT + "` "
                        + "(./run-tests.sh does this) and run the tests again."));
    }

    URI url() {
        return process.url();
    }

    @Override
    public void close() {
        process.close();
    }
}
