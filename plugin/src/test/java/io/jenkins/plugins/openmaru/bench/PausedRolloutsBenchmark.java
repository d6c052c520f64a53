package io.jenkins.plugins.openmaru.bench;

import io.jenkins.plugins.openmaru.jenkins.BenchWiring;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * On-demand benchmark (not a test): N paused canaries in one Jenkins JVM, started through the plugin's own wiring
 * (global configuration, canary steps, the delivery thread pool), against the sandbox API server in another process
 * ({@link SandboxApiServer}). Measures what the paused rollouts cost this JVM (threads, TCP connections to the API server,
 * heap after GC, each beyond what the JVM had before the first step), the API requests the server receives while they
 * stay paused, how long aborting one of them takes, and how fresh every lease is. {@code measure N LABEL FILE} appends one
 * line to FILE (run each N in a fresh JVM); {@code report FILE DOC} turns the lines into a section of DOC.
 */
public final class PausedRolloutsBenchmark {
    private static final String NAMESPACE = "bench";
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int BATCH = 50;
    private static final int ABORTS = 5;
    /** Aborts before any is measured, so that none times code the JIT has not compiled yet. */
    private static final int WARMUP_ABORTS = 10;
    /** How long a canary stays paused before it is aborted: long enough that its drive has finished pausing, as any paused for a while has. */
    private static final Duration PAUSED_BEFORE_ABORT = Duration.ofSeconds(1);
    /** An app outside the N: aborted before anything is measured so that no abort times cold code, and to measure one with none paused. */
    private static final String WARM = "warm";
    private static final String SECTION = "## Hundreds of paused rollouts in one Jenkins";

    private PausedRolloutsBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("measure")) {
            String line = measure(Integer.parseInt(args[1]), args[2]);
            Files.writeString(Path.of(args[3]), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println(line);
        } else {
            report(Path.of(args[1]), Path.of(args[2]));
            System.out.println("wrote " + args[2]);
        }
        System.exit(0);
    }

    private record Footprint(int threads, long connections, long heapBytes) {}

    private static String measure(int n, String label) throws Exception {
        Process api = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Djava.util.logging.config.file=src/test/resources/logging.properties",
                "-cp", System.getProperty("java.class.path"), SandboxApiServer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(api.getOutputStream(), true, StandardCharsets.UTF_8);
            String url = out.readLine().substring("url ".length());
            Function<String, String> ask = line -> {
                in.println(line);
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            int port = URI.create(url).getPort();
            Footprint before = footprint(port);
            Instant setupStart = Instant.now();
            try (BenchWiring plugin = new BenchWiring(url, NAMESPACE)) {
                warmUp(plugin, ask);
                release(plugin, n);
                // The same apps in the API server, none of them paused: what an abort costs without the paused rollouts.
                double getAlone = apiGetMillis(url);
                List<Abort> alone = aborts(plugin, ask, List.of(), WARM, 100, ABORTS);
                List<BenchWiring.Step> steps = startPaused(plugin, n);
                long setupSeconds = Duration.between(setupStart, Instant.now()).toSeconds();
                System.out.println(Instant.now() + ": clients built so far: " + plugin.clientsBuilt());
                Thread.sleep(SETTLE.toMillis());
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                in.println("clear " + NAMESPACE);
                out.readLine();
                Instant windowStart = Instant.now();
                Thread.sleep(WINDOW.toMillis());
                // Timed on this side between the server's two answers: never longer than the server's own window, so the rate is not understated.
                double minutes = Duration.between(windowStart, Instant.now()).toMillis() / 60_000.0;
                in.println("count");
                String counts = out.readLine().substring("count".length()).trim();
                double oldestLease = Long.parseLong(out.readLine().substring("oldest ".length())) / 1000.0;
                // After a window of being paused: what the paused rollouts hold, not the threads the setup's burst left idle for a while.
                Footprint paused = footprint(port);
                System.out.println(Instant.now() + ": threads by name: " + threadsByName());
                double getAmongPaused = apiGetMillis(url);
                List<Abort> amongPaused = aborts(plugin, ask, steps, app(0), 200, ABORTS);
                return String.join("\t", label, String.valueOf(n), String.valueOf(paused.threads() - before.threads()),
                        String.valueOf(paused.connections() - before.connections()),
                        String.format(Locale.ROOT, "%.1f", (paused.heapBytes() - before.heapBytes()) / 1e6),
                        String.format(Locale.ROOT, "%.2f", total(counts) / (double) n / minutes),
                        counts.isEmpty() ? "none" : counts, String.format(Locale.ROOT, "%.1f", median(alone, Abort::millis)),
                        String.format(Locale.ROOT, "%.1f", median(amongPaused, Abort::millis)), String.format(Locale.ROOT, "%.1f", oldestLease),
                        String.valueOf(setupSeconds), load, String.format(Locale.ROOT, "%.1f", getAlone), String.format(Locale.ROOT, "%.1f", getAmongPaused),
                        String.format(Locale.ROOT, "%.1f", median(alone, Abort::ownServerMillis)),
                        String.format(Locale.ROOT, "%.1f", median(amongPaused, Abort::ownServerMillis)),
                        String.format(Locale.ROOT, "%.1f", median(alone, Abort::allServerMillis)),
                        String.format(Locale.ROOT, "%.1f", median(amongPaused, Abort::allServerMillis)),
                        String.format(Locale.ROOT, "%.0f", median(amongPaused, Abort::allRequests)));
            }
        } finally {
            api.destroy();
            api.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The first release of each of the N apps, as a build's step; BATCH at a time. */
    private static void release(BenchWiring plugin, int n) throws Exception {
        for (int from = 0; from < n; from += BATCH) {
            List<BenchWiring.Step> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                batch.add(plugin.firstRelease(app(i), "registry/app:1"));
            }
            for (BenchWiring.Step s : batch) {
                s.awaitSuccess(TIMEOUT);
            }
            System.out.println(Instant.now() + ": " + Math.min(n, from + BATCH) + " released");
        }
    }

    /** N canaries paused at 20 %, each started as a build's step; BATCH at a time. */
    private static List<BenchWiring.Step> startPaused(BenchWiring plugin, int n) throws Exception {
        List<BenchWiring.Step> steps = new ArrayList<>();
        for (int from = 0; from < n; from += BATCH) {
            List<BenchWiring.Step> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                batch.add(plugin.pausedCanary(app(i), "registry/app:2", 2));
            }
            awaitPaused(batch);
            steps.addAll(batch);
            System.out.println(Instant.now() + ": " + steps.size() + " paused");
        }
        return steps;
    }

    private static void awaitPaused(List<BenchWiring.Step> steps) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!steps.stream().allMatch(BenchWiring.Step::paused)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not all canaries paused within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private static void warmUp(BenchWiring plugin, Function<String, String> ask) throws Exception {
        plugin.firstRelease(WARM, "registry/app:1").awaitSuccess(TIMEOUT);
        aborts(plugin, ask, List.of(), WARM, 2, WARMUP_ABORTS);
    }

    /**
     * One abort: milliseconds from stop until the step failed; the API server's work (TimedDispatcher) meanwhile on the
     * aborted app's own requests, and on all requests (the renewals of the paused ones included), and how many those were.
     */
    private record Abort(double millis, double ownServerMillis, double allServerMillis, double allRequests) {}

    /**
     * Stops {@code rounds} builds one after the other, the others staying paused: the first of {@code paused}, or else canaries of
     * {@code app} paused for it (builds from {@code build} on); {@code paused} holds app(0), app(1) and so on.
     */
    private static List<Abort> aborts(BenchWiring plugin, Function<String, String> ask, List<BenchWiring.Step> paused, String app, int build,
            int rounds) throws Exception {
        List<Abort> aborts = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            BenchWiring.Step s = paused.size() > i ? paused.get(i) : plugin.pausedCanary(app, "registry/app:" + (build + i), build + i);
            awaitPaused(List.of(s));
            Thread.sleep(PAUSED_BEFORE_ABORT.toMillis());
            ask.apply("mark");
            long t0 = System.nanoTime();
            s.stopAndAwait(TIMEOUT);
            double millis = (System.nanoTime() - t0) / 1e6;
            String[] timed = ask.apply("timed " + (paused.size() > i ? app(i) : app)).split(" ");
            aborts.add(new Abort(millis, Double.parseDouble(timed[2]), Double.parseDouble(timed[4]), Double.parseDouble(timed[3])));
        }
        return aborts;
    }

    private static String app(int i) {
        return "app" + i;
    }

    private static Footprint footprint(int apiPort) throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return new Footprint(ManagementFactory.getThreadMXBean().getThreadCount(), connections(apiPort), heapAfterGc());
    }

    /** What the heap's pools held right after the last collection (a full one: System.gc), not counting what was allocated since. */
    private static long heapAfterGc() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
    }

    /**
     * The median time the API server takes to answer a GET of one object, from a connection of its own outside the plugin:
     * what the API server's own load adds to every request of an abort.
     */
    private static double apiGetMillis(String url) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < ABORTS; i++) {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases/" + WARM + "-delivery")
                    .toURL().openConnection();
            c.setRequestProperty("Connection", "close");
            long t0 = System.nanoTime();
            try (var body = c.getInputStream()) {
                body.readAllBytes();
            }
            millis.add((System.nanoTime() - t0) / 1e6);
            c.disconnect();
        }
        return median(millis);
    }

    /** This process' established TCP connections to {@code port}: /proc's socket table joined with this process' descriptors. */
    private static long connections(int port) throws IOException {
        Set<String> mine = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        mine.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        long count = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.trim().split("\\s+");
                int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                if (remotePort == port && f[3].equals("01") && mine.contains(f[9])) {
                    count++;
                }
            }
        }
        return count;
    }

    /** This JVM's threads, counted by name with the numbers left out: what holds them. */
    private static Map<String, Long> threadsByName() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "#"), TreeMap::new, Collectors.counting()));
    }

    private static int total(String counts) {
        return counts.isEmpty() ? 0 : java.util.Arrays.stream(counts.split(" ")).mapToInt(c -> Integer.parseInt(c.substring(c.indexOf('=') + 1))).sum();
    }

    private static double median(List<Abort> aborts, ToDoubleFunction<Abort> value) {
        return median(aborts.stream().map(a -> value.applyAsDouble(a)).toList());
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static void report(Path lines, Path doc) throws IOException {
        List<String[]> rows = Files.readAllLines(lines).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
        StringBuilder md = new StringBuilder("\n").append(SECTION).append("\n\n")
                .append("Measured by `./bench.sh` (`bench.PausedRolloutsBenchmark`) on ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(". N canaries, each started by a build's `openmaruCanary` step through the plugin's own wiring (global configuration, ")
                .append("steps, the delivery thread pool) and paused at 20 % until someone decides, in one JVM; the sandbox API server ")
                .append("runs in another process. Threads, TCP connections to the API server and heap after GC are what the JVM holds beyond ")
                .append("what it held before the first step, at the end of the window below (rows before `9aa4f8d`: 10 s after the last canary paused, ")
                .append("which also counted OkHttp threads the setup left idle). Requests are what the API server received during ").append(WINDOW.toSeconds())
                .append(" s while all N stayed paused; the oldest lease is the longest any held lease had gone without renewal, looked at every 2 s ")
                .append("during that window (leases last 60 s). Abort: a build stopped, until its step has failed (the Route write is the abort's ")
                .append("first write), median of ").append(ABORTS).append(" (each ").append(PAUSED_BEFORE_ABORT.toSeconds())
                .append(" s after its canary paused, after ").append(WARMUP_ABORTS).append(" aborts of another app: from `scale`'s rows on; ")
                .append("before, right after it paused, after 2), in the same run: with the N apps released and none paused, then with ")
                .append("the others paused; the ratio is the second over the first. API GET: the median time the API server took to answer a GET of one ")
                .append("object (from outside the plugin) just before those aborts, none paused / N - 1 paused: the API server's own load. ")
                .append("Server ms (– in rows measured before it was): the time the API server worked on requests during an abort, from handing the request to its ")
                .append("dispatchers until they answered (`bench.TimedDispatcher`; waiting for its event loop not included), median of the ")
                .append(ABORTS).append(" aborts, none paused / N - 1 paused: on the aborted app's own requests, then on all requests and how many ")
                .append("those were with N - 1 paused (their renewals included). ")
                .append("Load: the machine's 1-minute load average at the window.\n\n")
                .append("| code | N | threads | TCP connections | heap MB | requests / app / min | requests in the window | abort, none paused, ms ")
                .append("| abort, N - 1 paused, ms | ratio | API GET ms | server ms, abort's requests | server ms, all requests (count) ")
                .append("| oldest lease s | setup s | load |\n")
                .append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|---|---:|---:|---:|\n");
        for (String[] r : rows) {
            boolean timed = r.length > 14;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f× | %s / %s | %s | %s | %s | %s | %s |%n", r[0], r[1], r[2],
                    r[3], r[4], r[5], r[6], r[7], r[8], Double.parseDouble(r[8]) / Double.parseDouble(r[7]), r[12], r[13],
                    timed ? r[14] + " / " + r[15] : "–", timed ? r[16] + " / " + r[17] + " (" + r[18] + ")" : "–", r[9], r[10], r[11]));
        }
        PerformanceDoc.replaceSection(doc, SECTION, md);
    }
}
