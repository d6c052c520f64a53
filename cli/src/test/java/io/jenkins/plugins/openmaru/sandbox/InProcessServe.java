package io.jenkins.plugins.openmaru.sandbox;

import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.openmaru.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code openmaru sandbox serve --kubeconfig-out FILE ARGS...} running in this JVM, through the CLI's own command line, until {@link #stop}. */
public final class InProcessServe {
    private final StringWriter out = new StringWriter();
    private final SandboxServeCommand serve;
    private final CompletableFuture<Integer> serving;

    private InProcessServe(Path kubeconfig, String... args) {
        CommandLine line = Cli.commandLine(new SandboxCommand()).setOut(new PrintWriter(out, true));
        serve = line.getSubcommands().get("sandbox").getSubcommands().get("serve").getCommand();
        List<String> all = new ArrayList<>(List.of("sandbox", "serve", "--kubeconfig-out", kubeconfig.toString()));
        all.addAll(List.of(args));
        serving = CompletableFuture.supplyAsync(() -> line.execute(all.toArray(String[]::new)));
    }

    /** Starts serve and waits (at most 60 s) until it has printed where everything is. */
    public static InProcessServe start(Path kubeconfig, String... args) {
        InProcessServe s = new InProcessServe(kubeconfig, args);
        await().atMost(Duration.ofSeconds(60)).until(() -> s.serving.isDone() || s.out().contains("metrics"));
        return s;
    }

    /** What serve printed so far. */
    public String out() {
        return out.toString();
    }

    /** Stops serve, as Ctrl-C does, and returns its exit code. */
    public int stop() throws Exception {
        serve.stop();
        return serving.get(30, TimeUnit.SECONDS);
    }
}
