package io.jenkins.plugins.openmaru.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.openmaru.engine.audit.WebhookNotifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notification webhook on loopback HTTP, as a Slack incoming webhook would receive the posts: each body as JSON, in order. */
final class WebhookReceiver implements AutoCloseable {
    private static final String PATH = "/hooks/T000/B000/secret";
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The notifier posting here, built from its URL as the CLI and Jenkins build theirs. */
    WebhookNotifier notifier() {
        return WebhookNotifier.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The bodies received so far, oldest first. */
    List<JsonNode> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
