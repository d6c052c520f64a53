package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
}
