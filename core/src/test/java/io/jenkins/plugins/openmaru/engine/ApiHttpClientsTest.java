package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The cleartext-only client for a plain-http API server behaves as fabric8's own client for the same config: the same
 * request headers (token, impersonation, user agent), redirects followed, the same timeouts; it only lacks TLS.
 */
class ApiHttpClientsTest {

    @Test
    void theCleartextClientSendsWhatFabric8sClientSends() throws Exception {
        List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/moved")) {
                exchange.getResponseHeaders().add("Location", "/api");
                exchange.sendResponseHeaders(302, -1);
            } else {
                seen.add(new TreeMap<>(exchange.getRequestHeaders()));
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/").withOauthToken("secret-token")
                    .withImpersonateUsername("alice").withImpersonateGroups("ops").withConnectionTimeout(1234).withWebsocketPingInterval(777L).build();
            assertThat(ApiHttpClients.cleartextOnly(config)).isTrue();

            Map<String, List<String>> ours = headersOf(new ApiHttpClients(config).newBuilder(config).build(), server, seen);
            Map<String, List<String>> fabric8s = headersOf(fabric8s(config), server, seen);

            assertThat(ours).isEqualTo(fabric8s).containsEntry("Authorization", List.of("Bearer secret-token")).containsKey("Impersonate-user");
            OkHttpClient a = ((OkHttpClientImpl) new ApiHttpClients(config).newBuilder(config).build()).getOkHttpClient();
            OkHttpClient b = ((OkHttpClientImpl) fabric8s(config)).getOkHttpClient();
            assertThat(List.of(a.connectTimeoutMillis(), a.readTimeoutMillis(), a.writeTimeoutMillis(), a.pingIntervalMillis(), a.callTimeoutMillis()))
                    .isEqualTo(List.of(b.connectTimeoutMillis(), b.readTimeoutMillis(), b.writeTimeoutMillis(), b.pingIntervalMillis(), b.callTimeoutMillis()))
                    .startsWith(1234, 0, 0, 777);
            assertThat(List.of(a.followRedirects(), a.followSslRedirects(), a.protocols(), String.valueOf(a.proxy())))
                    .isEqualTo(List.of(b.followRedirects(), b.followSslRedirects(), b.protocols(), String.valueOf(b.proxy())));
        } finally {
            server.stop(0);
        }
    }

    /** fabric8's own client for {@code config}. */
    private static HttpClient fabric8s(Config config) {
        HttpClient.Factory factory = new OkHttpClientFactory();
        return factory.newBuilder(config).build();
    }

    /** The headers {@code client} sent for a request that the server redirected once. */
    private static Map<String, List<String>> headersOf(HttpClient client, HttpServer server, List<Map<String, List<String>>> seen) throws IOException {
        seen.clear();
        try (client) {
            HttpResponse<String> response = client.sendAsync(client.newHttpRequestBuilder()
                    .uri(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/moved")).build(), String.class).join();
            assertThat(response.code()).as("redirect followed").isEqualTo(200);
        }
        assertThat(seen).hasSize(1);
        Map<String, List<String>> headers = new TreeMap<>(seen.get(0));
        headers.remove("Host");
        return headers;
    }
}
