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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private static final int WARMUP = 1_000;
    private static final int ROUNDS = 500;

    private StoreLookupBenchmark() {}

    private static final String SANDBOX = "the sandbox's (`IndexedCrudStore`)";
    private static final String FABRIC8 = "fabric8's `KubernetesCrudDispatcher`";

    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args.length > 0 ? args[0] : "docs/performance.md");
        List<KubernetesMockServer> plain = List.of(plainServer(), plainServer());
        try (SimulatedOpenShift sandboxFew = SimulatedOpenShift.start(Duration.ofMillis(20));
                SimulatedOpenShift sandboxMany = SimulatedOpenShift.start(Duration.ofMillis(20))) {
            List<Store> stores = List.of(new Store(SANDBOX, FEW, ClusterClients.create(sandboxFew.config("bench"))),
                    new Store(SANDBOX, MANY, ClusterClients.create(sandboxMany.config("bench"))),
                    new Store(FABRIC8, FEW, ClusterClients.create(plain.get(0).createClient().getConfiguration())),
                    new Store(FABRIC8, MANY, ClusterClients.create(plain.get(1).createClient().getConfiguration())));
            stores.forEach(Store::fill);
            // Round after round, one request to each store in turn: the machine's load, however it changes, weighs on all four alike.
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                for (Store store : stores) {
                    store.round(i >= WARMUP);
                }
            }
            report(stores, doc);
            stores.forEach(store -> store.client.close());
        } finally {
            plain.forEach(KubernetesMockServer::destroy);
        }
        System.out.println("wrote " + doc);
        System.exit(0);
    }

    private static KubernetesMockServer plainServer() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** One API server holding {@code objects} ConfigMaps, and the times of a GET and a PUT of the first of them. */
    private static final class Store {
        final String name;
        final int objects;
        final KubernetesClient client;
        final List<Double> gets = new ArrayList<>();
        final List<Double> puts = new ArrayList<>();
        ConfigMap last;

        Store(String name, int objects, KubernetesClient client) {
            this.name = name;
            this.objects = objects;
            this.client = client;
        }

        /** Stores {@code objects} ConfigMaps, like the state ConfigMaps of that many apps; the first is the one timed. */
        void fill() {
            for (int i = 0; i < objects; i++) {
                client.configMaps().inNamespace(NAMESPACE).resource(configMap("app" + i + "-state")).create();
            }
            last = client.configMaps().inNamespace(NAMESPACE).withName("app0-state").get();
        }

        void round(boolean timed) {
            long t0 = System.nanoTime();
            client.configMaps().inNamespace(NAMESPACE).withName("app0-state").get();
            long t1 = System.nanoTime();
            // With the resourceVersion last read, as every write of the engine is.
            last = client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder(last).addToData("round", String.valueOf(t1)).build())
                    .update();
            long t2 = System.nanoTime();
            if (timed) {
                gets.add((t1 - t0) / 1e6);
                puts.add((t2 - t1) / 1e6);
            }
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("delivery.openmaru.io/app", name)).endMetadata()
                .addToData("state", "x".repeat(1_000)).build();
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static void report(List<Store> stores, Path doc) throws IOException {
        StringBuilder md = new StringBuilder("\n").append(SECTION).append("\n\n")
                .append("Measured by `./bench.sh` (`bench.StoreLookupBenchmark`) on ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", load average ").append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0])
                .append(". A GET and a PUT (with the resourceVersion last read) of one ConfigMap among ").append(FEW).append(" and among ")
                .append(String.format(Locale.ROOT, "%,d", MANY)).append(" ConfigMaps of about 1 KB, in four API servers running at once: the ")
                .append("sandbox's as it runs (`SimulatedOpenShift`, which also records each request and passes it through discovery and tables) ")
                .append("and fabric8's CRUD store alone behind fabric8's mock server (as the sandbox used it before), each with ").append(FEW)
                .append(" and with ").append(String.format(Locale.ROOT, "%,d", MANY)).append(" objects. ").append(ROUNDS)
                .append(" rounds after ").append(WARMUP).append(" warm-up rounds, each round one GET and one PUT to each server in turn, so ")
                .append("that the machine's load weighs on the four alike; one client per server on loopback. The ratio is the median with ")
                .append(String.format(Locale.ROOT, "%,d", MANY)).append(" objects over the median with ").append(FEW).append(".\n\n")
                .append("| store | objects | GET median ms | PUT median ms | GET ratio | PUT ratio |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Store s : stores) {
            Store few = stores.stream().filter(o -> o.name.equals(s.name) && o.objects == FEW).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.1f× | %.1f× |%n", s.name, s.objects, median(s.gets), median(s.puts),
                    median(s.gets) / median(few.gets), median(s.puts) / median(few.puts)));
        }
        PerformanceDoc.replaceSection(doc, SECTION, md);
    }
}
