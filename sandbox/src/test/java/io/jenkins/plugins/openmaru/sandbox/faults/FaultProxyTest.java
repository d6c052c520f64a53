package io.jenkins.plugins.openmaru.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's answers for the file-only faults (410 on watches, an outage that ends) and a request held until released. */
class FaultProxyTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer upstream;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "served".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        proxy = FaultProxy.start("http://127.0.0.1:" + upstream.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    HttpResponse<String> get(String pathAndQuery, Duration timeout) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url()).resolve(pathAndQuery)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void goneAnswers410ToWatchesOnly() throws Exception {
        FaultRulesFile.parse("""
                {"rules": [{"method": "GET", "path": ".*/configmaps.*", "times": "always", "action": "gone"}]}""").applyTo(proxy.rules());

        assertThat(get("/api/v1/namespaces/ns/configmaps", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        HttpResponse<String> watch = get("/api/v1/namespaces/ns/configmaps?watch=true", Duration.ofSeconds(5));
        assertThat(watch.statusCode()).isEqualTo(410);
        assertThat(watch.body()).contains("\"reason\":\"Expired\"", "\"code\":410");
    }

    @Test
    void anOutageHoldsEveryRequestUnansweredThenTheApiIsBack() throws Exception {
        FaultRulesFile.parse("""
                {"rules": [{"method": "PUT", "path": ".*/routes/shop", "action": "outage", "duration": "2s"}]}""").applyTo(proxy.rules());
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url()).resolve("/apis/x/routes/shop"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> get("/api/v1/namespaces/ns/configmaps", Duration.ofMillis(500))).isInstanceOf(HttpTimeoutException.class);
        Thread.sleep(Math.max(0, 2100 - Duration.ofNanos(System.nanoTime() - t0).toMillis()));

        HttpResponse<String> after = get("/api/v1/namespaces/ns/configmaps", Duration.ofSeconds(5));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("served");
    }

    @Test
    void aHeldRequestIsForwardedOnceReleasedWhileOthersPass() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        proxy.rules().add(FaultRule.on("GET", ".*/configmaps/shop-delivery", new FaultRule.Hold(release)));

        CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(proxy.url())
                .resolve("/api/v1/namespaces/ns/configmaps/shop-delivery")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        proxy.received("GET /api/v1/namespaces/ns/configmaps/shop-delivery", 1).get(5, TimeUnit.SECONDS);
        assertThat(get("/api/v1/namespaces/ns/configmaps/other", Duration.ofSeconds(5)).body()).isEqualTo("served");
        assertThat(held).as("held until released").isNotDone();

        release.complete(null);
        assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("served");
    }
}
