package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests served by all simulated pods, as Prometheus would scrape them from the pods:
 * {@code http_requests_total} and the {@code http_request_duration_seconds} histogram, labelled
 * with namespace, app, slot, version and code.
 */
public final class RequestMetrics {

    /** Prometheus' default histogram buckets, in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Key(PodLabels pod, String version, int code) {
        String labels() {
            return "namespace=\"" + escape(pod.namespace()) + "\",app=\"" + escape(pod.app())
                    + "\",slot=\"" + escape(pod.slot()) + "\",version=\"" + escape(version)
                    + "\",code=\"" + code + "\"";
        }
    }

    private static final class Series {
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            count.increment();
            sum.add(seconds);
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                    return;
                }
            }
        }
    }

    private final Map<Key, Series> series = new ConcurrentHashMap<>();

    void record(PodLabels pod, String version, int code, double seconds) {
        series.computeIfAbsent(new Key(pod, version, code), k -> new Series()).observe(seconds);
    }

    /** Appends both metric families in the text exposition format (version 0.0.4). */
    void writeTo(StringBuilder out) {
        Map<Key, Series> sorted = new java.util.TreeMap<>(Comparator.comparing(Key::labels));
        sorted.putAll(series);
        out.append("# HELP http_requests_total Requests served by the sandbox's simulated pods.\n")
                .append("# TYPE http_requests_total counter\n");
        sorted.forEach((key, s) -> out.append("http_requests_total{").append(key.labels()).append("} ")
                .append(s.count.sum()).append('\n'));
        out.append("# HELP http_request_duration_seconds Time the simulated pods took to answer.\n")
                .append("# TYPE http_request_duration_seconds histogram\n");
        sorted.forEach((key, s) -> writeHistogram(out, key.labels(), s));
    }

    private static void writeHistogram(StringBuilder out, String labels, Series s) {
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += s.buckets[i].sum();
            out.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"")
                    .append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
        }
        long count = s.count.sum();
        out.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                .append(count).append('\n')
                .append("http_request_duration_seconds_sum{").append(labels).append("} ")
                .append(s.sum.sum()).append('\n')
                .append("http_request_duration_seconds_count{").append(labels).append("} ")
                .append(count).append('\n');
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
