package io.jenkins.plugins.openmaru.sandbox.dataplane;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The sandbox's ingress router: picks the Route (or HTTPRoute) by the request's Host header and
 * path, then a ready endpoint by weight, and lets that pod answer. 503 when nothing can serve,
 * like the OpenShift router's "Application is not available" page.
 */
final class Router implements AutoCloseable {

    private final HttpServer server;
    private final Supplier<RoutingTable> table;
    private final RouterStats stats;

    Router(int port, Executor executor, Supplier<RoutingTable> table, RouterStats stats) {
        this.table = table;
        this.stats = stats;
        this.server = LoopbackHttp.start(port, executor, this::handle);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String host = host(exchange.getRequestHeaders().getFirst("Host"));
        String path = Optional.ofNullable(exchange.getRequestURI().getPath()).orElse("/");
        Optional<RoutingTable.Match> match = table.get().lookup(host, path);
        if (match.isEmpty()) {
            stats.unavailable(host);
            LoopbackHttp.send(exchange, PodResponse.unavailable("Application is not available: no Route or HTTPRoute for host " + host));
            return;
        }
        Optional<SimulatedPod> pod = match.get().picker().next();
        if (pod.isEmpty()) {
            stats.unavailable(host);
            LoopbackHttp.send(exchange, PodResponse.unavailable(
                    "Application is not available: " + match.get().rule().source() + " has no ready endpoint with weight"));
            return;
        }
        PodResponse response = pod.get().serve(path);
        stats.served(host, pod.get().behaviour().version());
        LoopbackHttp.send(exchange, response);
    }

    /** The Host header without its port, lower-case. */
    static String host(String header) {
        if (header == null) {
            return "";
        }
        String host = header.trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
