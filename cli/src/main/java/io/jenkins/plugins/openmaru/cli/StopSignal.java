package io.jenkins.plugins.openmaru.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Which signal is stopping the CLI: a shutdown hook cannot tell Ctrl-C (INT) from a kill (TERM), so each
 * is noted as it arrives, then handed to the JVM's own handler, which starts the shutdown as before.
 */
final class StopSignal {
    private static volatile String received;

    private StopSignal() {}

    /** Notes INT and TERM from now on; idempotent. */
    static synchronized void watch() {
        if (received == null) {
            received = "";
            for (String name : new String[] {"INT", "TERM"}) {
                SignalHandler[] jvmHandler = new SignalHandler[1];
                jvmHandler[0] = Signal.handle(new Signal(name), s -> {
                    received = s.getName();
                    if (jvmHandler[0] != null) {
                        jvmHandler[0].handle(s);
                    }
                });
            }
        }
    }

    /** How the interruption is recorded and reported: {@code interrupted (Ctrl-C)} or {@code terminated (SIGTERM)}. */
    static String reason() {
        return "TERM".equals(received) ? "terminated (SIGTERM)" : "interrupted (Ctrl-C)";
    }

    /** The first word of {@link #reason()}, for the one-line report. */
    static String verb() {
        return reason().substring(0, reason().indexOf(' '));
    }
}
