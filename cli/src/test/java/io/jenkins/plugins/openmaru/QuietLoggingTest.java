package io.jenkins.plugins.openmaru;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executable's logging configuration: library chatter below SEVERE does not reach the terminal. */
class QuietLoggingTest {

    @AfterEach
    void restoreTheDefaultConfiguration() throws IOException {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void onlySevereMessagesReachTheConsole() throws IOException {
        new QuietLogging();

        Logger root = Logger.getLogger("");
        assertThat(root.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(root.getHandlers()).hasSize(1).allMatch(h -> h instanceof ConsoleHandler);
        assertThat(Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal.WatchConnectionManager").isLoggable(Level.WARNING)).isFalse();
        assertThat(Logger.getLogger("okhttp3.mockwebserver.MockWebServer").isLoggable(Level.SEVERE)).isTrue();
    }
}
