package io.jenkins.plugins.openmaru.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real HTTP server on a free loopback port; records every request it served. */
final class LocalHttpServer implements AutoCloseable {

    /** What one request looked like. */
    record Request(String method, String path, String authorization, String body) {}

    /** Answers one request; may block to simulate a slow server. */
    interface Handler {
        Answer answer(Request request) throws Exception;
    }

    /** @param retryAfter the {@code Retry-After} header, or null */
    record Answer(int status, String contentType, String body, String retryAfter) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, null);
        }

        Answer withRetryAfter(int seconds) {
            return new Answer(status, contentType, body, Integer.toString(seconds));
        }

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }

        static Answer text(int status, String body) {
            return new Answer(status, "text/plain", body);
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    LocalHttpServer(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            requests.add(request);
            Answer answer;
            try {
                answer = handler.answer(request);
            } catch (Exception e) {
                answer = Answer.text(599, "test handler failed: " + e);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
