package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.gate.LocalHttpServer.Answer;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metrics endpoint in the {@code http_requests_total} shape for the two slots of app
 * {@code shop} in namespace {@code shop-prod}. Each scrape adds 100 requests per slot, of which
 * the slot's current error rate answer 500.
 */
final class SlotExporter implements AutoCloseable {

    private static final int REQUESTS_PER_SCRAPE = 100;

    private final Map<String, Double> errorRate = new ConcurrentHashMap<>(Map.of("blue", 0.0, "green", 0.0));
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstFailingScrape = new ConcurrentHashMap<>();
    private final LocalHttpServer server = new LocalHttpServer(r -> Answer.text(200, scrape()));

    URI url() {
        return server.url();
    }

    void errorRate(String slot, double rate) {
        errorRate.put(slot, rate);
        firstFailingScrape.remove(slot);
    }

    /** When Prometheus first scraped errors of this slot after its error rate was last set. */
    Instant firstFailingScrape(String slot) {
        return firstFailingScrape.get(slot);
    }

    private synchronized String scrape() {
        StringBuilder out = new StringBuilder("# TYPE http_requests_total counter\n");
        for (Map.Entry<String, Double> e : errorRate.entrySet()) {
            String slot = e.getKey();
            long[] c = counters.computeIfAbsent(slot, s -> new long[2]);
            long errors = Math.round(REQUESTS_PER_SCRAPE * e.getValue());
            c[0] += REQUESTS_PER_SCRAPE - errors;
            c[1] += errors;
            if (errors > 0) {
                firstFailingScrape.putIfAbsent(slot, Instant.now());
            }
            out.append(line(slot, "200", c[0])).append(line(slot, "500", c[1]));
        }
        return out.toString();
    }

    private static String line(String slot, String code, long value) {
        return "http_requests_total{namespace=\"shop-prod\",app=\"shop\",slot=\"" + slot + "\",code=\"" + code + "\"} " + value + "\n";
    }

    @Override
    public void close() {
        server.close();
    }
}
