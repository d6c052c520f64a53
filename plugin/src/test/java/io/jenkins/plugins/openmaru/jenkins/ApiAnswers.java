package io.jenkins.plugins.openmaru.jenkins;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers of a Kubernetes API server double (a JDK HttpServer) to the plugin's requests. */
final class ApiAnswers {
    private ApiAnswers() {}

    /** 404 with the Status body a real API server sends for a missing object, e.g. the app's state ConfigMap. */
    static void notFound(HttpExchange exchange) throws IOException {
        byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
