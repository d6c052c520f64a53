package io.jenkins.plugins.openmaru.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.Sandbox;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CLI tests' fixture: a sandbox per test class, its kubeconfig, and the CLI run in this JVM against it. A class
 * registers it as {@code @RegisterExtension static final CliHarness cli = new CliHarness();}: the sandbox starts before
 * the class's first test (and its own {@code @BeforeAll} methods) and closes after its last.
 */
final class CliHarness implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    /** How long the sandbox's Deployment controller takes to roll a Deployment out (the engine tests' ClusterTest default). */
    static final Duration ROLLOUT_DELAY = Duration.ofMillis(20);
    static final ObjectMapper JSON = new ObjectMapper();

    /** What one CLI invocation did. */
    record Run(int exit, String out, String err) {
        /** The output with each line that progress wrapped at 80 columns joined back into one. */
        String unwrappedOut() {
            return out.replaceAll("\\n {10}", " ");
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not one JSON document: " + out + "\nstderr: " + err, e);
            }
        }
    }

    Sandbox sandbox;
    Path kubeconfig;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        sandbox = Sandbox.start(ROLLOUT_DELAY, 0, DataPlaneConfig.defaults().withTrafficRps(10));
        try {
            kubeconfig = Files.createTempFile("openmaru-cli-test", ".kubeconfig");
            SandboxKubeconfig.write(kubeconfig, sandbox.cluster().url(), "default");
        } catch (IOException e) {
            sandbox.close();
            throw e;
        }
    }

    static String freshNamespace() {
        return "cli" + NAMESPACES.incrementAndGet();
    }

    /** Runs {@code openmaru --kubeconfig <sandbox> ARGS...}. */
    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(args));
        return runWithoutKubeconfig(all.toArray(String[]::new));
    }

    static Run runWithoutKubeconfig(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.forArgs(args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Route route(AppRef app) {
        return sandbox.client().resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        sandbox.close();
        Files.deleteIfExists(kubeconfig);
    }
}
