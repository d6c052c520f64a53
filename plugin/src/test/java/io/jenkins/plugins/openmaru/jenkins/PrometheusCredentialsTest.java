package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.serialize;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.thoughtworks.xstream.XStream;
import hudson.AbortException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's Prometheus credential: its token reaches Prometheus as a bearer token when a gate queries,
 * and never the build log, the step's failure, the saved configuration, {@code build.xml} or the saved execution.
 */
class PrometheusCredentialsTest extends SimulatedClusterTest {
    private static final String TOKEN = "sha256~prom-s3cr3t-value";
    private static final String GATE = "prometheus:sum(rate(http_errors_total{app=\"{{app}}\"}[1m]))<0.05";

    FakePrometheus prometheus;
    List<String> authorizations;
    AtomicReference<String> errorRate;

    @BeforeEach
    void setUp() throws Exception {
        prometheus = new FakePrometheus("0.01");
        authorizations = prometheus.authorizations;
        errorRate = prometheus.value;
        f = withPrometheusCredential("prom-token");
        firstRelease();
    }

    private void firstRelease() throws Exception {
        TestStepContext first = context(new FakeBuild("shop-first", 1), new BuildLog());
        start(new RollingRolloutStep("shop", "registry/shop:1.0"), first);
        first.awaitSuccess(TIMEOUT);
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.close();
    }

    private DeliveryFixture withPrometheusCredential(String id) {
        return new DeliveryFixture(cluster, sim -> {
            sim.setPrometheusUrl(prometheus.url());
            sim.setPrometheusCredentialsId(id);
        }, (wanted, run) -> wanted.equals("prom-token") ? new TestCredentials.Token(TOKEN) : null);
    }

    private static RollingRolloutStep gated(String image) {
        RollingRolloutStep s = new RollingRolloutStep("shop", image);
        s.setAnalysis(Map.of("gates", List.of(GATE), "interval", "100ms", "count", 1));
        return s;
    }

    @Test
    void theGateQueriesPrometheusWithTheCredentialsTokenAndTheUpdatePasses() throws Exception {
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-gated", 2), log);
        start(gated("registry/shop:2.0"), c);

        c.awaitSuccess(TIMEOUT);

        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer " + TOKEN));
        assertThat(f.state().serving().orElseThrow().outcome()).isEqualTo(ReleaseOutcome.PROMOTED);
        assertThat(log.text()).doesNotContain(TOKEN);
    }

    @Test
    void aFailingGateUndoesTheUpdateAndNoTraceOfTheTokenIsLeftAnywhere() throws Exception {
        errorRate.set("0.7");
        FakeBuild build = new FakeBuild("shop-gated", 3);
        BuildLog log = new BuildLog();
        TestStepContext c = context(build, log);
        StepExecution e = start(gated("registry/shop:2.0"), c);

        Throwable failure = c.awaitFailure(TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("rolling update of " + f.namespace + "/shop ended ABORTED: aborted: analysis failed")
                .hasMessageContaining("http_errors_total").hasMessageContaining("0.7")
                .hasMessageEndingWith("Deployment shop rolled back to registry/shop:1.0")
                .hasMessageNotContaining(TOKEN);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:1.0");
        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer " + TOKEN));

        assertThat(log.text()).contains("analysis failed").doesNotContain(TOKEN);
        XStream xs = new XStream();
        xs.allowTypesByWildcard(new String[] {"io.jenkins.plugins.openmaru.**"});
        assertThat(xs.toXML(DeliveryConfiguration.get())).as("the saved configuration keeps the id only")
                .contains("<prometheusCredentialsId>prom-token</prometheusCredentialsId>").doesNotContain(TOKEN);
        assertThat(xs.toXML(build.getAction(DeliveryAction.class))).as("build.xml").doesNotContain(TOKEN);
        assertThat(new String(serialize(e), StandardCharsets.ISO_8859_1)).as("the saved execution").doesNotContain(TOKEN);
        ConfigMap state = f.client.configMaps().inNamespace(f.namespace).withName("shop-delivery").get();
        assertThat(state.getData().toString()).as("gate evidence in the cluster").contains("0.7").doesNotContain(TOKEN);
    }

    @Test
    void aPrometheusCredentialThatIsNotSecretTextFailsTheStepNamingTheFieldBeforeAnyWrite() throws Exception {
        f.close();
        f = withPrometheusCredential("prom-missing");
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-gated", 4), new BuildLog());
        start(gated("registry/shop:2.0"), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessage("prometheusCredentialsId: prom-missing is not allowed; expected a Secret text credential (bearer token)"
                        + " visible to this job for cluster sim");
        assertThat(f.writes()).isEmpty();
        assertThat(authorizations).isEmpty();
    }

    @Test
    void aGateNamingItsOwnCredentialSendsThatSecretToItsOwnUrl() throws Exception {
        f.close();
        String gateToken = "gate-s3cr3t-value";
        f = new DeliveryFixture(cluster, sim -> { }, (wanted, run) -> wanted.equals("gate-token") ? new TestCredentials.Token(gateToken) : null);
        firstRelease();
        RollingRolloutStep s = new RollingRolloutStep("shop", "registry/shop:2.0");
        s.setAnalysis(Map.of("gates", List.of(Map.of("kind", "prometheus", "query", "sum(rate(http_errors_total[1m]))", "op", "<",
                "threshold", "0.05", "url", prometheus.url(), "credentialsId", "gate-token")), "interval", "100ms", "count", 1));
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-own-credential", 5), log);
        start(s, c);

        c.awaitSuccess(TIMEOUT);

        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer " + gateToken));
        assertThat(log.text()).doesNotContain(gateToken);
    }

    @Test
    void aGateNamingACredentialThatIsNotSecretTextFailsNamingTheGatesFieldBeforeAnyWrite() throws Exception {
        RollingRolloutStep s = new RollingRolloutStep("shop", "registry/shop:2.0");
        s.setAnalysis(Map.of("gates", List.of(Map.of("kind", "prometheus", "query", "up", "op", ">=", "threshold", "1",
                "url", prometheus.url(), "credentialsId", "nowhere")), "interval", "100ms", "count", 1));
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-own-credential", 6), new BuildLog());
        start(s, c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessage("gates[0].prometheus.credentialsId: nowhere is not allowed; expected a Secret text credential visible to this job");
        assertThat(f.writes()).isEmpty();
        assertThat(authorizations).isEmpty();
    }

    @Test
    void aGateWithoutAServerGivesJenkinsAdviceBeforeAnyWrite() throws Exception {
        f.close();
        f = new DeliveryFixture(cluster, sim -> { }, (wanted, run) -> null);
        firstRelease();
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-no-prometheus", 7), new BuildLog());
        start(gated("registry/shop:2.0"), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageEndingWith("prometheus: no Prometheus server URL configured; set the gate's url (with its credentialsId if the server"
                        + " wants a token) or the cluster's Prometheus URL in the Jenkins configuration")
                .hasMessageNotContaining("--prometheus-url").hasMessageNotContaining("OPENMARU_");
        assertThat(f.writes()).isEmpty();
        assertThat(authorizations).isEmpty();
    }
}
