package io.jenkins.plugins.openmaru.sandbox.dataplane;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.concurrent.Executor;

/**
 * One {@code /metrics} for the whole data plane, in the Prometheus text format: every simulated
 * pod's request counters and histogram, and the router's counts.
 */
final class MetricsEndpoint implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    MetricsEndpoint(int port, Executor executor, RequestMetrics pods, RouterStats router) {
        server = LoopbackHttp.start(port, executor, exchange -> {
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                LoopbackHttp.send(exchange, 404, "text/plain; charset=utf-8", "Metrics are at /metrics\n");
                return;
            }
            StringBuilder out = new StringBuilder();
            pods.writeTo(out);
            router.writeTo(out);
            LoopbackHttp.send(exchange, 200, CONTENT_TYPE, out.toString());
        });
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
