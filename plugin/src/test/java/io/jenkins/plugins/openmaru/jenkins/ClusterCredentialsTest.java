package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.sun.net.httpserver.HttpServer;
import hudson.AbortException;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            ApiAnswers.notFound(exchange);
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
        String kubeconfig = kubeconfig("server: " + url(), "token: kube-" + TOKEN);
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setDefaultNamespace("shop-prod");
        prod.setCredentialsId("ocp-kubeconfig");
        configure(prod, new TestCredentials.Kubeconfig(kubeconfig));

        status(new BuildLog());

        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer kube-" + TOKEN));
    }

    /** A kubeconfig whose current context {@code x} joins cluster {@code c} and user {@code u}, given as YAML lines under each. */
    private static String kubeconfig(String clusterLines, String userLines) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                %s
                users:
                - name: u
                  user:
                %s
                contexts:
                - name: x
                  context:
                    cluster: c
                    user: u
                current-context: x
                """.formatted(clusterLines.indent(4).stripTrailing(), userLines.indent(4).stripTrailing());
    }

    /** Runs openmaruStatus with the kubeconfig as cluster prod's credential, and returns its context once it has completed. */
    private TestStepContext status(String kubeconfig) throws Exception {
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setDefaultNamespace("shop-prod");
        prod.setCredentialsId("ocp-kubeconfig");
        configure(prod, new TestCredentials.Kubeconfig(kubeconfig));
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-status", 3), log);
        start(new StatusStep("shop"), c);
        await().atMost(TIMEOUT).until(c::isDone);
        assertThat(log.text()).doesNotContain(TOKEN);
        return c;
    }

    private Throwable statusFailure(String kubeconfig) throws Exception {
        return status(kubeconfig).awaitFailure(TIMEOUT);
    }

    @Test
    void aKubeconfigWhoseUserRunsACommandIsRefusedAndTheCommandNeverRuns(@TempDir Path tmp) throws Exception {
        Path created = tmp.resolve("created-by-exec");
        String kubeconfig = kubeconfig("server: " + url(), """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: touch
                  args: ["%s"]
                  interactiveMode: Never
                """.formatted(created));

        TestStepContext c = status(kubeconfig);

        assertThat(created).as("the exec command ran").doesNotExist();
        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessage("credentialsId: ocp-kubeconfig is not allowed; expected a kubeconfig "
                + "without exec in its user (it would run a command on the Jenkins controller); accepted user keys: token, "
                + "client-certificate-data, client-key-data for cluster prod");
        assertThat(paths).as("nothing was requested of the API server").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user    | auth-provider: {name: oidc, config: {cmd-path: /bin/touch}} | it would run a login plugin on the Jenkins controller",
        "user    | tokenFile: /var/run/secrets/token                           | it would read a file on the Jenkins controller",
        "user    | client-key: /etc/ssh/ssh_host_rsa_key                       | it would read a file on the Jenkins controller",
        "user    | client-certificate: /etc/pki/client.crt                     | it would read a file on the Jenkins controller",
        "user    | password: hunter2                                           | basic authentication is not supported: use a token",
        "cluster | certificate-authority: /etc/shadow                          | it would read a file on the Jenkins controller",
        "cluster | proxy-url: http://proxy.example.com:3128                    | it is not supported",
    })
    void aKubeconfigThatWouldRunOrReadAnythingOnTheControllerIsRefusedNamingTheKey(String section, String line, String why) throws Exception {
        String key = line.substring(0, line.indexOf(':'));
        String kubeconfig = section.equals("user") ? kubeconfig("server: " + url(), "token: " + TOKEN + "\n" + line)
                : kubeconfig("server: " + url() + "\n" + line, "token: " + TOKEN);

        Throwable failure = statusFailure(kubeconfig);

        String accepted = section.equals("user") ? "token, client-certificate-data, client-key-data"
                : "server, certificate-authority-data, insecure-skip-tls-verify";
        assertThat(failure).hasMessage("credentialsId: ocp-kubeconfig is not allowed; expected a kubeconfig without " + key + " in its "
                + section + " (" + why + "); accepted " + section + " keys: " + accepted + " for cluster prod");
        assertThat(failure.getMessage()).doesNotContain(line.substring(line.indexOf(':') + 1).trim());
        assertThat(paths).isEmpty();
    }

    @Test
    void anUnreadableKubeconfigIsReportedWithoutQuotingIt() throws Exception {
        Throwable failure = statusFailure("token: [" + TOKEN);

        assertThat(failure).hasMessage("credentialsId: ocp-kubeconfig is not allowed; expected a readable kubeconfig file (YAML) for cluster prod");
        assertThat(paths).isEmpty();
    }

    @Test
    void aKubeconfigWithTokenAndClientCertificateDataDrivesTheSimulatedCluster(@TempDir Path tmp) throws Exception {
        String[] certAndKey = clientCertificate(tmp);
        StandardCredentials credential = new TestCredentials.Kubeconfig(kubeconfig("""
                server: %s
                insecure-skip-tls-verify: true
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {}
                """.formatted(DeliveryFixture.sharedCluster().url()), """
                token: %s
                client-certificate-data: %s
                client-key-data: %s
                """.formatted(TOKEN, certAndKey[0], certAndKey[1])));
        try (DeliveryFixture f = new DeliveryFixture(DeliveryFixture.sharedCluster(), sim -> {
            sim.setApiUrl(null);
            sim.setInsecure(false);
            sim.setCredentialsId("sim-kubeconfig");
        }, (id, run) -> id.equals("sim-kubeconfig") ? credential : null)) {
            f.firstRelease("registry/shop:1.0");
            TestStepContext c = context(new FakeBuild("shop-status", 4), new BuildLog());
            start(new StatusStep("shop"), c);

            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) c.awaitSuccess(TIMEOUT);

            assertThat(s).containsEntry("cluster", "sim").containsEntry("namespace", f.namespace).containsEntry("servingImage", "registry/shop:1.0");
            assertThat(f.writes()).as("the first release went through the kubeconfig's connection").isNotEmpty();
        }
    }

    /** A client certificate and its key, base64 of PEM as kubeconfig's *-data keys hold them: made by the JDK's keytool. */
    private static String[] clientCertificate(Path tmp) throws Exception {
        Path store = tmp.resolve("client.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=jenkins", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        String cert = pem("CERTIFICATE", ks.getCertificate("client").getEncoded());
        String key = pem("PRIVATE KEY", ks.getKey("client", "changeit".toCharArray()).getEncoded());
        Files.delete(store);
        return new String[] {base64(cert), base64(key)};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
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
