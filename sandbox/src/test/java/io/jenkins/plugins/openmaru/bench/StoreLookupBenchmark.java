package io.jenkins.plugins.openmaru.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * On-demand benchmark (not a test): what a GET and a PUT of one object cost the sandbox's API server with 3 and with
 * 3,000 objects stored, as a ratio measured in the same run, next to fabric8's own CRUD store behind a plain mock
 * server. A real API server finds an object by its key, so the ratio should be about 1. Run with {@code ./bench.sh};
 * it replaces its section of docs/performance.md.
 */
public final class StoreLookupBenchmark {
    private static final String SECTION = "## One object among thousands in the sandbox's API server";
    private static final String NAMESPACE = "bench";
    private static final int FEW = 3;
    private static final int MANY = 3_000;
    private static final int WARMUP = 2_000;
    private static final int ROUNDS = 500;

    private StoreLookupBenchmark() {}

    private record Row(String store, int objects, double getMillis, double putMillis) {}

    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args.length > 0 ? args[0] : "docs/performance.md");
        List<Row> rows = new ArrayList<>();
        try (SimulatedOpenShift sandbox = SimulatedOpenShift.start(Duration.ofMillis(20))) {
            rows.addAll(measure("the sandbox's (`IndexedCrudStore`)", sandbox::newClient));
        }
        KubernetesMockServer plain = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        plain.init(InetAddress.getLoopbackAddress(), 0);
        try {
            rows.addAll(measure("fabric8's `KubernetesCrudDispatcher`", () -> plain.createClient()));
        } finally {
            plain.destroy();
        }
        report(rows, doc);
        System.out.println("wrote " + doc);
        System.exit(0);
    }

    /** GET and PUT of one ConfigMap with FEW, then MANY, ConfigMaps stored. */
    private static List<Row> measure(String store, Supplier<KubernetesClient> clients) {
        try (KubernetesClient created = clients.get();
                KubernetesClient client = ClusterClients.create(created.getConfiguration())) {
            List<Row> rows = new ArrayList<>();
            ConfigMap target = client.configMaps().inNamespace(NAMESPACE).resource(configMap("target")).create();
            fill(client, 1, FEW);
            rows.add(time(store, FEW, client, target));
            fill(client, FEW, MANY);
            rows.add(time(store, MANY, client, target));
            return rows;
        }
    }

    /** Stores ConfigMaps until {@code to} are stored, the target included, like the state ConfigMaps of that many apps. */
    private static void fill(KubernetesClient client, int from, int to) {
        for (int i = from; i < to; i++) {
            client.configMaps().inNamespace(NAMESPACE).resource(configMap("app" + i + "-state")).create();
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("delivery.openmaru.io/app", name)).endMetadata()
                .addToData("state", "x".repeat(1_000)).build();
    }

    private static Row time(String store, int objects, KubernetesClient client, ConfigMap target) {
        List<Double> gets = new ArrayList<>();
        List<Double> puts = new ArrayList<>();
        ConfigMap last = client.configMaps().inNamespace(NAMESPACE).withName(target.getMetadata().getName()).get();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long t0 = System.nanoTime();
            client.configMaps().inNamespace(NAMESPACE).withName(target.getMetadata().getName()).get();
            long t1 = System.nanoTime();
            // With the resourceVersion last read, as every write of the engine is.
            last = client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder(last).addToData("round", String.valueOf(i)).build())
                    .update();
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                gets.add((t1 - t0) / 1e6);
                puts.add((t2 - t1) / 1e6);
            }
        }
        return new Row(store, objects, median(gets), median(puts));
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static void report(List<Row> rows, Path doc) throws IOException {
        StringBuilder md = new StringBuilder("\n").append(SECTION).append("\n\n")
                .append("Measured by `./bench.sh` (`bench.StoreLookupBenchmark`) on ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", load average ").append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0])
                .append(". A GET and a PUT (with the resourceVersion last read) of one ConfigMap, ").append(ROUNDS).append(" rounds after ")
                .append(WARMUP).append(" warm-up rounds, with ").append(FEW).append(" and then ").append(MANY)
                .append(" ConfigMaps of about 1 KB stored, from one client on loopback; the ratio is the median with ").append(MANY)
                .append(" over the median with ").append(FEW).append(", in the same run. The sandbox's API server as it runs (`SimulatedOpenShift`), ")
                .append("and fabric8's CRUD store alone behind fabric8's mock server, as the sandbox used it before.\n\n")
                .append("| store | objects | GET median ms | PUT median ms | GET ratio | PUT ratio |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rows.size(); i += 2) {
            Row few = rows.get(i);
            Row many = rows.get(i + 1);
            for (Row r : List.of(few, many)) {
                md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %s | %s |%n", r.store(), r.objects(), r.getMillis(), r.putMillis(),
                        r == few ? "1.0×" : String.format(Locale.ROOT, "%.1f×", many.getMillis() / few.getMillis()),
                        r == few ? "1.0×" : String.format(Locale.ROOT, "%.1f×", many.putMillis() / few.putMillis())));
            }
        }
        PerformanceDoc.replaceSection(doc, SECTION, md);
    }
}
