package io.jenkins.plugins.openmaru;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import java.util.Optional;

/**
 * The {@code openmaru} executable (target/openmaru-cli.jar). It sits above the layers because it
 * joins two of them that may not know each other: the CLI commands and the sandbox commands.
 */
public final class OpenmaruMain {
    private OpenmaruMain() {}

    public static void main(String[] args) {
        Optional<String> help = TopLevelHelp.cached(args);
        if (help.isPresent()) {
            System.out.print(help.get());
            System.out.flush();
            System.exit(0);
        }
        if (System.getProperty("java.util.logging.config.class") == null && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.config.class", QuietLogging.class.getName());
        }
        System.exit(Cli.forArgs(args, new SandboxCommand()).execute(args));
    }
}
