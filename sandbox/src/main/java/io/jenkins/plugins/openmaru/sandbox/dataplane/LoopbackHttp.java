package io.jenkins.plugins.openmaru.sandbox.dataplane;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/** The data plane's HTTP servers: bound to the loopback interface only. */
final class LoopbackHttp {

    static {
        // Without TCP_NODELAY, keep-alive clients wait ~40 ms per request on delayed ACKs.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackHttp() { }

    /** Starts a server on 127.0.0.1; port 0 picks a free port. */
    static HttpServer start(int port, Executor executor, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            server.createContext("/", exchange -> {
                try (exchange) {
                    handler.handle(exchange);
                }
            });
            server.setExecutor(executor);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
    }

    static void send(HttpExchange exchange, PodResponse response) throws IOException {
        response.version().ifPresent(v -> exchange.getResponseHeaders().set(PodResponse.VERSION_HEADER, v));
        send(exchange, response.status(), "text/plain; charset=utf-8", response.body());
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        byte[] bytes = "HEAD".equals(exchange.getRequestMethod()) ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
