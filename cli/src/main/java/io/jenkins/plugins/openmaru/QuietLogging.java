package io.jenkins.plugins.openmaru;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * The openmaru executable's java.util.logging configuration (named by {@code java.util.logging.config.class}): severe
 * messages only, on the console, so that library chatter (watch reconnects, mock server requests) does not bury a
 * rollout's own lines. As a configuration class it costs nothing until something logs: {@code --help} never starts
 * the logging machinery, which would open the whole jar to look for logging providers.
 */
public final class QuietLogging {
    static final String CONFIG = "handlers=java.util.logging.ConsoleHandler\n.level=SEVERE\n";

    public QuietLogging() throws IOException {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)));
    }
}
