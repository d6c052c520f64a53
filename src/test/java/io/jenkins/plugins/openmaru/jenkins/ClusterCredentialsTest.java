package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.sun.net.httpserver.HttpServer;
import hudson.AbortException;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster credentials reach the API server as a bearer token, from Secret text or a kubeconfig Secret
 * file, and never the build log or the step's failure message.
 */
class ClusterCredentialsTest {
    private static final String TOKEN = "sha256~s3cr3t-token-value";

    HttpServer api;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    AutoCloseable configuration;

    @BeforeEach
    void apiServer() throws Exception {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            paths.add(exchange.getRequestURI().getPath());
            byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (configuration != null) {
            configuration.close();
        }
        api.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    private void configure(DeliveryCluster cluster, StandardCredentials credential) {
        configuration = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(cluster),
                (id, run) -> id.equals(cluster.getCredentialsId()) ? credential : null, ClusterClients::create, UnaryOperator.identity()));
    }

    private Object status(BuildLog log) throws Exception {
        TestStepContext c = context(new FakeBuild("shop-status", 1), log);
        start(new StatusStep("shop"), c);
        return c.awaitSuccess(TIMEOUT);
    }

    @Test
    void aSecretTextTokenIsSentAsBearerTokenAndNeverLogged() throws Exception {
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl(url());
        prod.setDefaultNamespace("shop-prod");
        prod.setCredentialsId("ocp-token");
        configure(prod, new TestCredentials.Token(TOKEN));
        BuildLog log = new BuildLog();

        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) status(log);

        assertThat(s).containsEntry("cluster", "prod").containsEntry("namespace", "shop-prod").containsEntry("servingImage", null);
        assertThat(paths).contains("/api/v1/namespaces/shop-prod/configmaps/shop-delivery");
        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer " + TOKEN));
        assertThat(log.text()).doesNotContain(TOKEN);
    }

    @Test
    void aKubeconfigSecretFileNamesTheServerAndTheToken() throws Exception {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                users:
                - name: u
                  user:
                    token: kube-%s
                contexts:
                - name: x
                  context:
                    cluster: c
                    user: u
                current-context: x
                """.formatted(url(), TOKEN);
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setDefaultNamespace("shop-prod");
        prod.setCredentialsId("ocp-kubeconfig");
        configure(prod, new TestCredentials.Kubeconfig(kubeconfig));

        status(new BuildLog());

        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer kube-" + TOKEN));
    }

    @Test
    void aMissingOrWrongCredentialFailsTheStepNamingTheFieldAndNothingSecret() throws Exception {
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl(url());
        prod.setDefaultNamespace("shop-prod");
        prod.setCredentialsId("unknown-id");
        configure(prod, null);
        TestStepContext c = context(new FakeBuild("shop-status", 2), new BuildLog());
        start(new StatusStep("shop"), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessage("credentialsId: unknown-id is not allowed; expected a credential visible to this job for cluster prod");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void clusterSettingsAreValidatedWhenEntered() {
        assertThatThrownBy(() -> new DeliveryCluster("prod east")).hasMessageStartingWith("name: prod east is not allowed");
        assertThatThrownBy(() -> new DeliveryCluster("prod").setApiUrl("api.example.com:6443"))
                .hasMessageStartingWith("apiUrl: api.example.com:6443 is not allowed; expected an http(s) URL");
        assertThat(new DeliveryCluster.DescriptorImpl().doCheckApiUrl("ftp://x").kind).isEqualTo(hudson.util.FormValidation.Kind.ERROR);
        assertThat(new DeliveryCluster.DescriptorImpl().doCheckApiUrl("https://api.ocp.example.com:6443").kind)
                .isEqualTo(hudson.util.FormValidation.Kind.OK);
    }
}
