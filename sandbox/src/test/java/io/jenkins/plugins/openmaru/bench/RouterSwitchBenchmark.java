package io.jenkins.plugins.openmaru.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.openshift.api.model.RouteTargetReference;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlane;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.HaproxyBinary;
import io.jenkins.plugins.openmaru.sandbox.dataplane.SteadyLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * On-demand benchmark (not a test): under steady load through real HAProxy, how long after a Route
 * write the old backend stops serving, as a ratio to one plain Route update measured in the same
 * run. Each round moves all weight between two warm slots with one Route PUT, as abort and the
 * warm-window rollback do. Run with {@code ./bench.sh}; it appends a section to docs/performance.md.
 */
public final class RouterSwitchBenchmark implements AutoCloseable {
    private static final int WARMUP = 3;
    private static final int ROUNDS = 20;
    private static final int CLIENTS = 4;
    /** How long each switch is watched after HAProxy applied it, for late answers from the old backend. */
    private static final Duration HOLD = Duration.ofMillis(300);

    private final SimulatedOpenShift cluster = SimulatedOpenShift.start(Duration.ofMillis(20));
    private final KubernetesClient client = cluster.newClient();
    private final DataPlane dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withHaproxy(HaproxyBinary.find(System.getenv("PATH"))
            .orElseThrow(() -> new IllegalStateException("no haproxy executable; install it: " + HaproxyBinary.INSTALL_HINT))));
    private final AppRef app = new AppRef("bench", "shop");
    private final String host = "shop-bench." + DataPlaneConfig.DEFAULT_ROUTE_DOMAIN;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/performance.md");
        try (RouterSwitchBenchmark b = new RouterSwitchBenchmark()) {
            Files.writeString(out, b.run(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.out.println("appended to " + out);
        System.exit(0);
    }

    private String run() throws Exception {
        deployTwoVersions();
        List<Double> put = new ArrayList<>();
        List<Double> applied = new ArrayList<>();
        List<Double> lastOld = new ArrayList<>();
        List<SteadyLoad.Request> requests;
        try (SteadyLoad load = new SteadyLoad(dataPlane.routerClient(), host, CLIENTS)) {
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                boolean record = i >= WARMUP;
                Route route = route();
                long t0 = System.nanoTime();
                client.resources(Route.class).inNamespace(app.namespace()).resource(route).update();
                double putMillis = (System.nanoTime() - t0) / 1e6;
                String from = route.getSpec().getTo().getWeight() > 0 ? route.getSpec().getTo().getName()
                        : route.getSpec().getAlternateBackends().get(0).getName();
                String oldVersion = image(from);
                String to = from.equals("shop-blue") ? "shop-green" : "shop-blue";
                long written = System.nanoTime();
                write(to);
                awaitAlone(to);
                long appliedAt = System.nanoTime();
                Thread.sleep(HOLD.toMillis());
                long lastOldAt = load.requests().stream().filter(r -> r.version().equals(Optional.of(oldVersion)))
                        .mapToLong(SteadyLoad.Request::end).max().orElse(written);
                if (record) {
                    put.add(putMillis);
                    applied.add((appliedAt - written) / 1e6);
                    lastOld.add(Math.max(0, lastOldAt - written) / 1e6);
                }
            }
            load.close();
            requests = load.requests();
        }
        return report(put, applied, lastOld, requests);
    }

    /** v1 in shop-blue, then v2 promoted into shop-green: two warm slots behind one Route. */
    private void deployTwoVersions() {
        RolloutEngine engine = new RolloutEngine(client, EngineConfig.of("bench").withEndpoints(dataPlane.slotEndpoints()));
        for (String image : List.of("shop:v1", "shop:v2")) {
            Progress p = engine.start(RolloutSpec.builder(app.namespace(), app.app(), image).scaleDownDelay(Duration.ofHours(1))
                    .canary(CanaryStep.setWeight(100)).build(), Actor.of("bench"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (!p.done()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("deploying " + image + " did not finish: " + p);
                }
                sleep(20);
                p = engine.reconcile(app);
            }
        }
        awaitAlone("shop-green");
    }

    private Route route() {
        return client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
    }

    /** All weight to {@code service}, the other slot kept at 0, in one PUT. */
    private void write(String service) {
        String other = service.equals("shop-blue") ? "shop-green" : "shop-blue";
        Route next = new RouteBuilder(route()).editSpec()
                .withTo(new RouteTargetReference("Service", service, 100))
                .withAlternateBackends(new RouteTargetReference("Service", other, 0))
                .endSpec().build();
        client.resources(Route.class).inNamespace(app.namespace()).resource(next).update();
    }

    private String image(String service) {
        return client.apps().deployments().inNamespace(app.namespace()).withName(service).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private void awaitAlone(String service) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            Map<String, Integer> weights = dataPlane.routeWeights(host);
            if (weights.getOrDefault(service, 0) > 0 && weights.entrySet().stream().allMatch(e -> e.getKey().equals(service) || e.getValue() == 0)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("HAProxy never sent all traffic to " + service + ": " + weights);
            }
            sleep(2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String report(List<Double> put, List<Double> applied, List<Double> lastOld, List<SteadyLoad.Request> requests) {
        double base = percentile(put, 0.5);
        StringBuilder md = new StringBuilder();
        md.append("\n## Switching traffic through real HAProxy\n\n")
                .append("Measured by `./bench.sh` (`bench.RouterSwitchBenchmark`) on ").append(Instant.now()).append(" with ")
                .append(dataPlane.routerDescription()).append(" as the sandbox's router. ").append(CLIENTS)
                .append(" clients send `GET /` on new connections, 5 ms apart, the whole time. Each round moves all weight from one warm ")
                .append("slot to the other with one Route PUT (what abort and a warm-window rollback write); ").append(ROUNDS)
                .append(" rounds after ").append(WARMUP).append(" warm-up rounds. Baseline: one plain Route update (a single PUT) in the same run.\n\n")
                .append("| from the Route write to | median ms | p90 ms | median / baseline |\n")
                .append("|---|---:|---:|---:|\n");
        row(md, "the PUT returning (baseline)", put, base);
        row(md, "HAProxy applied: the new worker serves and the old one has exited", applied, base);
        row(md, "the last request served by the old backend ended", lastOld, base);
        long failed = requests.stream().filter(SteadyLoad.Request::failed).count();
        md.append("\nRequests sent: ").append(requests.size()).append(", failed: ").append(failed)
                .append(". The time is the data plane following the Route (a watch event, then a configuration write and a hitless ")
                .append("reload: SIGUSR2 to HAProxy's master, a new worker, the old one draining), not the engine: the engine's ")
                .append("part ends with the Route PUT.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, List<Double> millis, double base) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f× |%n", name, percentile(millis, 0.5), percentile(millis, 0.9),
                percentile(millis, 0.5) / base));
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    @Override
    public void close() {
        dataPlane.close();
        client.close();
        cluster.close();
    }
}
