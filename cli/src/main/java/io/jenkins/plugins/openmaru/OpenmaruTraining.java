package io.jenkins.plugins.openmaru;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.Sandbox;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The run that ./openmaru records its class-data archive from (docs/performance.md): the commands people
 * start most, against a sandbox in this process, so that the classes they load are archived and later
 * runs map them instead of loading them one by one.
 */
public final class OpenmaruTraining {
    private OpenmaruTraining() {}

    public static void main(String[] args) throws IOException {
        Logger.getLogger("").setLevel(Level.SEVERE);
        Path kubeconfig = Files.createTempFile("openmaru-training", ".kubeconfig");
        try (Sandbox sandbox = Sandbox.start(Duration.ofMillis(50), 0, DataPlaneConfig.defaults())) {
            SandboxKubeconfig.write(kubeconfig, sandbox.cluster().url(), "training");
            String k = kubeconfig.toString();
            if (TopLevelHelp.cached(new String[] {"--help"}).isEmpty()) {
                throw new IllegalStateException("the jar holds no top-level help rendered by the build");
            }
            int exit = run("--help") | run("--kubeconfig", k, "canary", "shop", "--image", "quay.io/openmaru/shop:v1")
                    | run("--kubeconfig", k, "status", "shop") | run("--kubeconfig", k, "status", "shop", "-o", "json")
                    | run("--kubeconfig", k, "history", "shop") | run("--kubeconfig", k, "canary", "--help");
            if (exit != 0) {
                throw new IllegalStateException("a training command failed (exit " + exit + ")");
            }
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    private static int run(String... args) {
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
        return Cli.forArgs(args, new SandboxCommand()).setOut(discard).setErr(discard).execute(args);
    }
}
