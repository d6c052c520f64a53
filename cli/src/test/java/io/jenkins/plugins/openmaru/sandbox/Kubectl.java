package io.jenkins.plugins.openmaru.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} (./run-tests.sh installs Debian's {@code kubernetes-client} when there is none),
 * run against a kubeconfig with its own discovery cache. {@code -Dopenmaru.kubectl=FILE} runs another binary,
 * e.g. an older release unpacked with {@code apt-get download kubernetes-client; dpkg -x}.
 */
final class Kubectl {
    static final String BINARY = System.getProperty("openmaru.kubectl", "kubectl");

    /** What one kubectl invocation printed. */
    record Run(int exit, String out, String err) {}

    private final Path kubeconfig;
    private final Path dir;

    Kubectl(Path kubeconfig, Path dir) {
        this.kubeconfig = kubeconfig;
        this.dir = dir;
    }

    Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY, "--kubeconfig", kubeconfig.toString(), "--cache-dir", dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "kubectl", ".out");
        Path err = Files.createTempFile(dir, "kubectl", ".err");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + BINARY + " (" + e.getMessage() + "); install it (Debian/Ubuntu: "
                    + "apt-get install -y kubernetes-client) or run ./run-tests.sh, which does", e);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 30 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
