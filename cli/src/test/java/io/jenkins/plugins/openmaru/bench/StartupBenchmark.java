package io.jenkins.plugins.openmaru.bench;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.Sandbox;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much a CLI command costs to start, against kubectl reading the same Route from the same API server in
 * the same run: CPU time (user + sys, of the process and its children) and wall time, as medians and ratios.
 * Each command runs as a child of {@code bash -c 'CMD; times'}, whose second {@code times} line is its children's
 * CPU. The ./openmaru launcher is measured as users run it (with its class-data archive), and plain
 * {@code java -jar} beside it. Run with {@code ./bench.sh}; it appends a section to docs/performance.md.
 */
public final class StartupBenchmark {
    private static final int WARMUP = 2;
    private static final int ROUNDS = 9;
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    private record Sample(double cpuMillis, double wallMillis) { }

    /**
     * @param args the Markdown file to append to (default docs/performance.md), and optionally another built checkout
     *     (e.g. a clone at an earlier commit) whose {@code ./openmaru} is measured in the same rounds, for a before/after
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/performance.md");
        Files.writeString(out, run(args.length > 1 ? Path.of(args[1]).toAbsolutePath() : null), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to " + out);
        System.exit(0);
    }

    private static String run(Path other) throws IOException, InterruptedException {
        Path kubeconfig = Files.createTempFile("openmaru-bench", ".kubeconfig");
        try (Sandbox sandbox = Sandbox.start(Duration.ofMillis(20), 0, DataPlaneConfig.defaults())) {
            SandboxKubeconfig.write(kubeconfig, sandbox.cluster().url(), "bench");
            String k = kubeconfig.toString();
            PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
            if (Cli.commandLine().setOut(discard).setErr(discard).execute("--kubeconfig", k, "canary", "shop", "--image", "quay.io/acme/shop:v1") != 0) {
                throw new IllegalStateException("could not deploy the app to read");
            }
            String plainJava = "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar target/openmaru-cli.jar";
            Map<String, String> commands = new LinkedHashMap<>();
            commands.put("kubectl get --raw (the Route; baseline)", "kubectl --kubeconfig " + k + " get --raw /apis/route.openshift.io/v1/namespaces/bench/routes/shop");
            commands.put("./openmaru status shop", "./openmaru --kubeconfig " + k + " status shop");
            commands.put("./openmaru --help", "./openmaru --help");
            commands.put("java -jar (no archive) status shop", plainJava + " --kubeconfig " + k + " status shop");
            commands.put("java -jar (no archive) --help", plainJava + " --help");
            if (other != null) {
                String at = "cd " + other + " && ";
                String name = revision(other);
                commands.put(name + ": ./openmaru status shop", at + "./openmaru --kubeconfig " + k + " status shop");
                commands.put(name + ": ./openmaru --help", at + "./openmaru --help");
            }
            String load = loadAverage();
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            commands.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
            // Interleaved rounds: a burst of load from the machine's other users hits every command alike.
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                for (Map.Entry<String, String> c : commands.entrySet()) {
                    Sample s = measure(c.getValue());
                    if (round >= WARMUP) {
                        samples.get(c.getKey()).add(s);
                    }
                }
            }
            return report(samples, load, loadAverage());
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    /** {@code dir}'s commit, as the rows measured there are named. */
    private static String revision(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--short", "HEAD").start();
        String commit = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 && !commit.isEmpty() ? "at " + commit : dir.toString();
    }

    private static Sample measure(String command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", command + " >/dev/null 2>/tmp/openmaru-bench.err || { cat /tmp/openmaru-bench.err >&2; exit 1; }; times")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        Matcher children = TIMES.matcher(times.lines().skip(1).findFirst().orElse(""));
        if (!children.find()) {
            throw new IllegalStateException("no CPU times from bash: " + times);
        }
        double cpu = (Long.parseLong(children.group(1)) * 60 + Double.parseDouble(children.group(2))
                + Long.parseLong(children.group(3)) * 60 + Double.parseDouble(children.group(4))) * 1000;
        return new Sample(cpu, wall);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The machine's load averages over 1, 5 and 15 minutes (other users' work slows every command alike, not equally). */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3)) : "unknown";
    }

    private static String report(Map<String, List<Sample>> samples, String loadBefore, String loadAfter) {
        List<Sample> base = samples.values().iterator().next();
        double baseCpu = median(base.stream().map(Sample::cpuMillis).toList());
        double baseWall = median(base.stream().map(Sample::wallMillis).toList());
        StringBuilder md = new StringBuilder("\n## Starting the CLI\n\nMeasured by `./bench.sh` (`bench.StartupBenchmark`) on ")
                .append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", against `openmaru sandbox`'s API server in the benchmark's JVM. ")
                .append("Each command is a new process, as a user or a script starts it; ").append(ROUNDS).append(" interleaved rounds after ")
                .append(WARMUP).append(" warm-up rounds. CPU is user + sys of the process and its children (the launcher's staleness check included). ")
                .append("Baseline: kubectl reading the app's Route (`kubectl get --raw`) in the same run. Load average (1, 5, 15 min): ")
                .append(loadBefore).append(" before, ").append(loadAfter).append(" after.\n\n")
                .append("| command | median CPU ms | CPU / kubectl | median wall ms | wall / kubectl |\n|---|---:|---:|---:|---:|\n");
        samples.forEach((name, list) -> {
            double cpu = median(list.stream().map(Sample::cpuMillis).toList());
            double wall = median(list.stream().map(Sample::wallMillis).toList());
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f× | %.0f | %.1f× |%n", name, cpu, cpu / baseCpu, wall, wall / baseWall));
        });
        md.append("\n`./openmaru` runs the jar with the quick JIT tier, the serial collector and a static class-data archive (AppCDS, ")
                .append("`-Xshare:dump`) that it records once per build (`target/openmaru-cli.jsa`: the classes a training run of `OpenmaruTraining` ")
                .append("loaded: --help, a first canary, status, history against an in-process sandbox; picocli's Java 5 classes included, which a ")
                .append("dynamic archive leaves out), so the classes a command needs are mapped rather than loaded and verified one by one; the ")
                .append("archive is mapped at the address it was made for (`-XX:ArchiveRelocationMode=0`, when the JVM takes it). ")
                .append("A command line that names a subcommand builds only that one (`Cli.forArgs`); the top-level help (`--help`, `-h`, `help`) ")
                .append("is picocli's rendering from the build (`TopLevelHelp`), so it builds no command. fabric8 knows only the resource types ")
                .append("the CLI reads (`cli/src/assembly/kubernetes-resources`, 65 instead of 750, each instantiated on the first kubeconfig read). ")
                .append("Commands other than `sandbox` compile later and without inlining (`-XX:CompileThresholdScaling=4 -XX:-Inline`). An `http://` API server gets a cleartext-only ")
                .append("client (`ApiHttpClients`), and a kubeconfig of the common shape is read without fabric8's JSON mapping (`KubeconfigReader`). ")
                .append("The `java -jar` rows have none of the launcher's flags ")
                .append("but the quick JIT tier and the serial collector.\n");
        return md.toString();
    }
}
