package io.jenkins.plugins.openmaru.bench;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's API server in a process of its own, for benchmarks that measure the plugin's JVM alone. Prints
 * {@code url <url>}, then answers lines on stdin: {@code clear <namespace>} forgets the requests received so far and
 * starts looking at the held leases of the namespace every {@link #LEASE_SAMPLE}; {@code count} prints
 * {@code count <verb>=<n> ...} for the requests received since (a watch counts as WATCH), then {@code oldest <ms>}: the
 * oldest age of any held lease seen meanwhile (read by the sandbox's controller client, whose requests are not counted);
 * {@code mark} starts timing the server's work on each request ({@link TimedDispatcher}) and {@code timed <app>} prints
 * {@code timed <n> <ms> <m> <ms>}: the app's requests since and the time the server worked on them, then all requests.
 */
public final class SandboxApiServer {
    private static final Duration LEASE_SAMPLE = Duration.ofSeconds(2);

    private SandboxApiServer() {}

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        TimedDispatcher[] timed = new TimedDispatcher[1];
        try (SimulatedOpenShift cluster = SimulatedOpenShift.start(Duration.ofMillis(20), 0, store -> timed[0] = new TimedDispatcher(store));
                KubernetesClient uncounted = ClusterClients.create(cluster.config(SimulatedOpenShift.CONTROLLER_AGENT))) {
            System.out.println("url " + cluster.url());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            AtomicLong oldest = new AtomicLong();
            ScheduledFuture<?> sampling = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("clear ")) {
                    String namespace = line.substring("clear ".length());
                    cluster.clearRequests();
                    oldest.set(0);
                    sampling = sampler.scheduleWithFixedDelay(() -> oldest.accumulateAndGet(oldestLeaseAge(uncounted, namespace), Math::max),
                            0, LEASE_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
                    System.out.println("cleared");
                } else if (line.equals("mark")) {
                    timed[0].mark();
                    System.out.println("marked");
                } else if (line.startsWith("timed ")) {
                    System.out.println("timed " + timed[0].summary(line.substring("timed ".length())));
                } else if (line.equals("count")) {
                    if (sampling != null) {
                        sampling.cancel(false);
                    }
                    Map<String, Integer> byVerb = new TreeMap<>();
                    for (ApiRequest r : cluster.requests()) {
                        byVerb.merge(r.isWatch() ? "WATCH" : r.method(), 1, Integer::sum);
                    }
                    StringBuilder out = new StringBuilder("count");
                    byVerb.forEach((verb, n) -> out.append(' ').append(verb).append('=').append(n));
                    System.out.println(out);
                    System.out.println(String.format(Locale.ROOT, "oldest %d", oldest.get()));
                }
            }
        }
        System.exit(0);
    }

    /** How long ago the least recently renewed held lease of {@code namespace} was renewed, in milliseconds. */
    private static long oldestLeaseAge(KubernetesClient client, String namespace) {
        Instant now = Instant.now();
        return client.leases().inNamespace(namespace).list().getItems().stream()
                .filter(l -> l.getSpec().getHolderIdentity() != null && l.getSpec().getRenewTime() != null)
                .map(Lease::getSpec).mapToLong(s -> Duration.between(s.getRenewTime().toInstant(), now).toMillis()).max().orElse(0);
    }
}
