package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.serialize;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.thoughtworks.xstream.XStream;
import hudson.AbortException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    HttpServer prometheus;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final AtomicReference<String> errorRate = new AtomicReference<>("0.01");

    @BeforeEach
    void setUp() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/query", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1767268800,\""
                    + errorRate.get() + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
        f = withPrometheusCredential("prom-token");
        TestStepContext first = context(new FakeBuild("shop-first", 1), new BuildLog());
        start(new RollingRolloutStep("shop", "registry/shop:1.0"), first);
        first.awaitSuccess(TIMEOUT);
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.stop(0);
    }

    private DeliveryFixture withPrometheusCredential(String id) {
        return new DeliveryFixture(cluster, sim -> {
            sim.setPrometheusUrl("http://127.0.0.1:" + prometheus.getAddress().getPort());
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
}
