package io.jenkins.plugins.openmaru.sandbox;

import picocli.CommandLine.Command;

/** {@code openmaru sandbox}: the embedded simulated OpenShift (docs/sandbox.md). */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run OPENMARU Delivery against a simulated OpenShift in this process (no cluster needed).",
        subcommands = {SandboxServeCommand.class, SandboxDemoCommand.class})
public final class SandboxCommand {
}
