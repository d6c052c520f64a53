package io.jenkins.plugins.openmaru;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code openmaru} executable (target/openmaru-cli.jar). It sits above the layers because it
 * joins two of them that may not know each other: the CLI commands and the sandbox commands.
 */
public final class OpenmaruMain {
    private OpenmaruMain() {}

    public static void main(String[] args) {
        // Library chatter (watch reconnects, mock server requests) would bury the rollout's own lines.
        Logger.getLogger("").setLevel(Level.SEVERE);
        System.exit(Cli.commandLine(new SandboxCommand()).execute(args));
    }
}
