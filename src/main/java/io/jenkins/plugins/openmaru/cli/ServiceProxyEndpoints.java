package io.jenkins.plugins.openmaru.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.SlotEndpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reaches one slot from outside the cluster, as {@code kubectl proxy} does: a loopback port that
 * forwards each GET to the API server's service proxy,
 * {@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH}, with the kubeconfig's credentials.
 * So an http gate measures the candidate slot alone, without a Route per slot. Started on first use.
 */
final class ServiceProxyEndpoints implements SlotEndpoints, AutoCloseable {
    private static final long TIMEOUT_SECONDS = 15;

    private final Config config;
    private KubernetesClient client;
    private HttpServer server;
    private ExecutorService executor;

    ServiceProxyEndpoints(Config config) {
        this.config = config;
    }

    @Override
    public synchronized URI baseUrl(AppRef app, Slot slot, int port) {
        if (server == null) {
            start();
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + app.namespace() + "/" + slot.resourceName(app.app())
                + "/" + port);
    }

    /** The API server path that proxies {@code rest} to a Service port. */
    static String proxyPath(String namespace, String service, String port, String rest) {
        return "api/v1/namespaces/" + namespace + "/services/" + service + ":" + port + "/proxy/" + rest;
    }

    private void start() {
        // A 5xx from the candidate is a measurement: the client must hand it over, not retry until it gets a 200.
        client = ClusterClients.create(new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build());
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the service proxy", e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "openmaru-service-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getRawPath().split("/", 5);
            if (parts.length < 4 || !"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 400, "expected GET /NAMESPACE/SERVICE/PORT/PATH");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String target = client.getMasterUrl().toString().replaceAll("/+$", "") + "/"
                    + proxyPath(parts[1], parts[2], parts[3], parts.length > 4 ? parts[4] : "") + (query == null ? "" : "?" + query);
            HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(target).build();
            try {
                HttpResponse<byte[]> response = client.getHttpClient().sendAsync(request, byte[].class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                byte[] body = response.body() == null ? new byte[0] : response.body();
                if (throttledByApiServer(response.code(), body)) {
                    exchange.getResponseHeaders().add(NOT_FROM_APP_HEADER, "the API server answered 429 (throttling)");
                }
                exchange.sendResponseHeaders(response.code(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            } catch (ExecutionException | TimeoutException e) {
                exchange.getResponseHeaders().add(NOT_FROM_APP_HEADER, "the API server could not be reached");
                reply(exchange, 502, "service proxy: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(exchange, 502, "interrupted");
            }
        }
    }

    /** The API server's own 429 is a Status object; the app's answers pass the proxy as they are. */
    static boolean throttledByApiServer(int code, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return code == 429 && text.contains("\"kind\":\"Status\"");
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            client.close();
        }
    }
}
