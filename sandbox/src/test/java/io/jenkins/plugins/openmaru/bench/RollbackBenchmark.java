package io.jenkins.plugins.openmaru.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.workload.Availability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * On-demand benchmark (not a test): how long abort and rollback take against the simulated OpenShift,
 * as a ratio to one plain Route update measured in the same run, and how many API requests each makes.
 * Run with {@code ./bench.sh}; it rewrites docs/performance.md.
 */
public final class RollbackBenchmark implements AutoCloseable {
    private static final int WARMUP = 5;
    private static final int ROUNDS = 30;

    private final SimulatedOpenShift cluster = SimulatedOpenShift.start(Duration.ofMillis(20));
    private final KubernetesClient client = cluster.newClient();
    private final RolloutEngine engine = new RolloutEngine(client, EngineConfig.of("bench"));
    private final AppRef app = new AppRef("bench", "shop");
    private int version = 1;
    /** When a router watching the Route saw it put all traffic on one backend, like OpenShift's HAProxy router would. */
    private final LinkedBlockingQueue<Long> allTrafficOnOneBackend = new LinkedBlockingQueue<>();

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/performance.md");
        try (RollbackBenchmark b = new RollbackBenchmark()) {
            Files.writeString(out, b.run());
        }
        System.out.println("wrote " + out);
        System.exit(0);
    }

    private String run() {
        deployNext(CanaryStep.setWeight(100));
        Series baseline = new Series("one Route update (baseline)");
        Series abort = new Series("abort at 20 % (decision to return)");
        Series rollback = new Series("rollback in the warm window");
        Series step = new Series("canary step: set weight 20 %");
        Series abortSeen = new Series("abort: until a Route watcher sees 100 % stable");
        Series rollbackSeen = new Series("rollback: until a Route watcher sees 100 % on the old release");
        Watch watch = watchRoute();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            boolean record = i >= WARMUP;
            baseline.add(record, this::routeUpdate);
            startCanary();
            step.add(record, () -> engine.reconcile(app));
            abortSeen.addSeen(record, abort, () -> engine.abort(app, new Actor("bench", "abort")));
            deployNext(CanaryStep.setWeight(100));
            rollbackSeen.addSeen(record, rollback, () -> engine.rollback(app, null, new Actor("bench", "rollback")));
        }
        watch.close();
        return report(List.of(baseline, step, abort, abortSeen, rollback, rollbackSeen));
    }

    private Watch watchRoute() {
        return client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Route r) {
                if (action == Action.MODIFIED && r.getSpec().getAlternateBackends().isEmpty()) {
                    allTrafficOnOneBackend.add(System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // The benchmark closes the watch itself at the end.
            }
        });
    }

    private void routeUpdate() {
        Route r = client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
        cluster.clearRequests();
        long t0 = System.nanoTime();
        client.resources(Route.class).inNamespace(app.namespace()).resource(r).update();
        lastNanos = System.nanoTime() - t0;
    }

    private long lastNanos;

    /** Starts a canary of the next version and waits until its slot is available, untimed. */
    private void startCanary() {
        engine.start(spec(CanaryStep.setWeight(20), CanaryStep.pause()), Actor.of("bench"));
        awaitCandidateAvailable();
        cluster.clearRequests();
    }

    private void deployNext(CanaryStep... steps) {
        Progress p = engine.start(spec(steps), Actor.of("bench"));
        while (!p.done()) {
            awaitCandidateAvailable();
            p = engine.reconcile(app);
        }
        cluster.clearRequests();
    }

    private RolloutSpec spec(CanaryStep... steps) {
        return RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:" + version++).canary(steps).build();
    }

    private void awaitCandidateAvailable() {
        Slot candidate = engine.status(app).rollout().candidateSlot();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Availability.isAvailable(client.apps().deployments().inNamespace(app.namespace())
                .withName(candidate.resourceName(app.app())).get())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("candidate slot " + candidate + " did not become available");
            }
            Thread.onSpinWait();
        }
    }

    private String report(List<Series> all) {
        double base = all.get(0).median();
        StringBuilder md = new StringBuilder();
        md.append("# Performance\n\n")
                .append("Measured by `./bench.sh` (`bench.RollbackBenchmark`) on ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", against the in-process simulated OpenShift (fabric8 mock API server on loopback).\n")
                .append("These machines are shared and noisy, so figures are ratios to a baseline measured in the same run: one plain ")
                .append("Route update (a single PUT). ").append(ROUNDS).append(" rounds after ").append(WARMUP).append(" warm-up rounds.\n\n")
                .append("| operation | median ms | p90 ms | median / baseline | API requests (by verb) |\n")
                .append("|---|---:|---:|---:|---|\n");
        for (Series s : all) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f× | %s |%n", s.name, s.median(), s.percentile(0.9),
                    s.median() / base, s.verbs));
        }
        md.append("\nWhat the ratios say: abort and rollback cost a small, fixed number of API round trips (the Route write ")
                .append("first, then the state ConfigMap write and the Lease release), so time to restore traffic is bounded by ")
                .append("a few API writes, not by an analysis interval. The first of those writes is the Route update; ")
                .append("the request-order tests in `AbortAndRollbackTest` prove that.\n\n")
                .append("Why state writes used to take tens of milliseconds: the state ConfigMap PUT grows past 8 KiB ")
                .append("with its history and timeline, OkHttp writes such a request in two socket writes, and with Nagle's algorithm on ")
                .append("the second waited for the API server's delayed ACK (about 40 ms, on loopback as on a real network). ")
                .append("Requests under 8 KiB, such as the Route PUT and the Lease release (about 1 ms), never waited. Every API ")
                .append("client now sets TCP_NODELAY (`engine.TcpNoDelaySocketFactory`). Measured back to back under the same ")
                .append("load when that went in (2026-11-26, load average about 18), median without / with: set weight 63.9 / ")
                .append("13.9 ms, abort 71.7 / 14.9 ms, rollback in the warm window 80.4 / 13.2 ms.\n");
        return md.toString();
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }

    private final class Series {
        final String name;
        final List<Double> millis = new ArrayList<>();
        String verbs = "";

        Series(String name) {
            this.name = name;
        }

        void add(boolean record, Runnable op) {
            add(record, () -> {
                op.run();
                return null;
            });
        }

        void add(boolean record, Supplier<?> op) {
            cluster.clearRequests();
            lastNanos = -1;
            long t0 = System.nanoTime();
            op.get();
            long nanos = lastNanos >= 0 ? lastNanos : System.nanoTime() - t0;
            if (record) {
                millis.add(nanos / 1e6);
                verbs = verbs(cluster.requests());
            }
        }

        /** Runs {@code op}, timing its return into {@code returned} and the router watch's view into this series. */
        void addSeen(boolean record, Series returned, Supplier<?> op) {
            allTrafficOnOneBackend.clear();
            long t0 = System.nanoTime();
            returned.add(record, op);
            Long seen;
            try {
                seen = allTrafficOnOneBackend.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (seen == null) {
                throw new IllegalStateException(name + ": the Route watch never saw all traffic on one backend");
            }
            if (record) {
                millis.add((seen - t0) / 1e6);
                verbs = "(watch)";
            }
        }

        double median() {
            return percentile(0.5);
        }

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }

    private static String verbs(List<ApiRequest> requests) {
        Map<String, Integer> count = new TreeMap<>();
        requests.stream().filter(r -> !r.isWatch()).forEach(r -> count.merge(r.method(), 1, Integer::sum));
        return count.isEmpty() ? "none" : count.toString().replaceAll("[{}]", "");
    }
}
