package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class ClusterClientsTest {

    @Test
    void everyApiConnectionHasNaglesAlgorithmOff() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             KubernetesClient client = ClusterClients.create(new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + server.getLocalPort()).build())) {
            var sockets = ((OkHttpClientImpl) client.getHttpClient()).getOkHttpClient().socketFactory();
            try (Socket unconnected = sockets.createSocket();
                 Socket connected = sockets.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                assertThat(unconnected.getTcpNoDelay()).as("the socket OkHttp connects itself").isTrue();
                assertThat(connected.getTcpNoDelay()).isTrue();
            }
        }
    }

    @Test
    void clientsShareOneJsonMappingSoEachNewClientDoesNotBuildItsOwnDeserializers() {
        try (KubernetesClient a = ClusterClients.create(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build());
             KubernetesClient b = ClusterClients.create(new ConfigBuilder().withMasterUrl("http://127.0.0.1:2").withOauthToken("t").build())) {
            assertThat(a.getKubernetesSerialization()).isSameAs(b.getKubernetesSerialization());
        }
    }

    @Test
    void aPlainHttpApiServerGetsACleartextOnlyClientThatCannotOpenATlsConnection() throws IOException {
        Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withOauthToken("t").build();
        try (KubernetesClient client = ClusterClients.create(config)) {
            OkHttpClient http = ((OkHttpClientImpl) client.getHttpClient()).getOkHttpClient();
            assertThat(http.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
            assertThatThrownBy(http::sslSocketFactory).hasMessageContaining("CLEARTEXT-only client");
            assertThatThrownBy(() -> http.newCall(new Request.Builder().url("https://127.0.0.1:1/").build()).execute())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("CLEARTEXT-only client");
            assertThat(config.isTrustCerts()).as("the config reads as it was given").isFalse();
            assertThat(http.readTimeoutMillis()).as("requests carry their own timeouts, as fabric8 sets them").isZero();
        }
    }
}
