package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Over https the API client verifies the server's certificate; only a plain-http API server gets the cleartext-only
 * client without a trust store (ClusterClientsTest), so that shortcut never weakens a TLS connection.
 */
class ApiServerTlsTest {

    @Test
    void anHttpsApiServerWithAnUntrustedCertificateIsRefused() {
        KubernetesMockServer server = new KubernetesMockServer(true);
        server.init();
        try {
            server.expect().get().withPath("/api/v1/namespaces/default/configmaps/x")
                    .andReturn(200, new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build()).always();
            Config config = new ConfigBuilder().withMasterUrl(server.url("/")).withOauthToken("t").withRequestRetryBackoffLimit(0).build();
            assertThat(config.getMasterUrl()).startsWith("https://");
            try (KubernetesClient client = ClusterClients.create(config)) {
                assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("x").get())
                        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                        .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
            }
            Config trusting = new ConfigBuilder(config).withTrustCerts(true).build();
            try (KubernetesClient client = ClusterClients.create(trusting)) {
                assertThat(client.configMaps().inNamespace("default").withName("x").get().getMetadata().getName())
                        .as("the same server, reached when the config says to trust it").isEqualTo("x");
            }
        } finally {
            server.destroy();
        }
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
