package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the router did: requests served per host and version, and requests it could not place. */
final class RouterStats {

    private record Served(String host, String version) { }

    private final Map<Served, LongAdder> served = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unavailable = new ConcurrentHashMap<>();

    void served(String host, String version) {
        served.computeIfAbsent(new Served(host, version), k -> new LongAdder()).increment();
    }

    void unavailable(String host) {
        unavailable.computeIfAbsent(host, k -> new LongAdder()).increment();
    }

    /** Requests served per version across all hosts, whatever their status code. */
    Map<String, Long> servedByVersion() {
        Map<String, Long> counts = new TreeMap<>();
        served.forEach((k, n) -> counts.merge(k.version(), n.sum(), Long::sum));
        return counts;
    }

    Map<String, Long> servedByVersion(String host) {
        Map<String, Long> counts = new TreeMap<>();
        served.forEach((k, n) -> {
            if (k.host().equals(host)) {
                counts.merge(k.version(), n.sum(), Long::sum);
            }
        });
        return counts;
    }

    long unavailableFor(String host) {
        LongAdder n = unavailable.get(host);
        return n == null ? 0 : n.sum();
    }

    long unavailable() {
        return unavailable.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void writeTo(StringBuilder out) {
        out.append("# HELP sandbox_router_requests_total Requests the sandbox router sent to each version.\n")
                .append("# TYPE sandbox_router_requests_total counter\n");
        served.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Served::host).thenComparing(Served::version)))
                .forEach(e -> out.append("sandbox_router_requests_total{host=\"").append(RequestMetrics.escape(e.getKey().host()))
                        .append("\",version=\"").append(RequestMetrics.escape(e.getKey().version())).append("\"} ")
                        .append(e.getValue().sum()).append('\n'));
        out.append("# HELP sandbox_router_unavailable_total Requests the sandbox router answered 503 (no route or no endpoint).\n")
                .append("# TYPE sandbox_router_unavailable_total counter\n");
        new TreeMap<>(unavailable).forEach((host, n) -> out.append("sandbox_router_unavailable_total{host=\"")
                .append(RequestMetrics.escape(host)).append("\"} ").append(n.sum()).append('\n'));
    }
}
