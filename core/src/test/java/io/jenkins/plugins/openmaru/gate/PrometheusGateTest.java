package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.gate.GateTestSupport.context;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.factory;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.form;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.matrix;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.gate.LocalHttpServer.Answer;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusGateTest {

    private static final String QUERY = "sum(rate(errors{namespace=\"{{namespace}}\",app=\"{{app}}\",slot=\"{{slot}}\",version=\"{{version}}\"}[1m]))";

    private final AtomicReference<String> answer = new AtomicReference<>();
    private final LocalHttpServer prometheus = new LocalHttpServer(r -> Answer.json(
            answer.get().contains("\"error\"") ? 400 : 200, answer.get()));

    @AfterEach
    void stop() {
        prometheus.close();
    }

    @Test
    void passesWhenTheCandidatesValueMeetsTheThreshold() {
        answer.set(vector("green", "0.012"));
        GateResult r = measure(GateSpec.prometheus(QUERY, "<", 0.05), "s3cr3t-token");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        String rendered = "sum(rate(errors{namespace=\"shop-prod\",app=\"shop\",slot=\"green\",version=\"1.4.2\"}[1m]))";
        assertThat(r.evidence()).isEqualTo("query " + rendered + " at " + prometheus.url()
                + ", healthy when value < 0.05; {slot=\"green\"} = 0.012 ok");
        LocalHttpServer.Request sent = prometheus.requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/query");
        assertThat(sent.authorization()).isEqualTo("Bearer s3cr3t-token");
        assertThat(form(sent.body())).containsEntry("query", rendered).containsEntry("time", "1767268800.000");
        assertThat(r.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void failsWhenAnySeriesBreaksTheThreshold() {
        answer.set(vector("a", "0.01", "b", "0.31"));
        GateResult r = measure(GateSpec.prometheus(QUERY, "<=", 0.05), null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).endsWith("{slot=\"a\"} = 0.01 ok; {slot=\"b\"} = 0.31 breaks the threshold");
        assertThat(prometheus.requests.get(0).authorization()).isNull();
    }

    @Test
    void noDataNanAndInfinityAreInconclusive() {
        answer.set(vector());
        GateResult empty = measure(GateSpec.prometheus(QUERY, ">=", 0.99), null);
        assertThat(empty.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(empty.evidence()).endsWith("; no data: the query returned no series");

        answer.set(vector("green", "NaN"));
        GateResult nan = measure(GateSpec.prometheus(QUERY, ">=", 0.99), null);
        assertThat(nan.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(nan.evidence()).endsWith("{slot=\"green\"} = NaN (no number)");

        answer.set(vector("green", "+Inf"));
        assertThat(measure(GateSpec.prometheus(QUERY, "<", 1), null).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aRejectedQueryOrAnUnreachableServerIsAnError() throws Exception {
        answer.set("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}");
        GateResult rejected = measure(GateSpec.prometheus("sum(", ">", 0), null);
        assertThat(rejected.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(rejected.evidence()).endsWith("HTTP 400 from Prometheus: bad_data: parse error at char 5");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GateResult unreachable = factory(URI.create("http://127.0.0.1:" + closedPort), "tok3n")
                .apply(GateSpec.prometheus("up", ">", 0)).evaluate(context(null));
        assertThat(unreachable.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(unreachable.evidence()).contains("did not answer").doesNotContain("tok3n");
    }

    @Test
    void aWindowRunsARangeQueryAndAggregates() {
        answer.set(matrix(0.01, 0.02, 0.09));
        GateSpec spec = new GateSpec("prometheus", Map.of("query", "errors", "op", "<", "threshold", "0.05",
                "window", "2m", "step", "30s", "aggregate", "max"));
        GateResult r = measure(spec, null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).startsWith("max over 120s of query errors").endsWith("{} = 0.09 breaks the threshold");
        LocalHttpServer.Request sent = prometheus.requests.get(0);
        assertThat(sent.path()).isEqualTo("/api/v1/query_range");
        assertThat(form(sent.body())).containsEntry("start", "1767268680.000").containsEntry("end", "1767268800.000")
                .containsEntry("step", "30.000");

        answer.set(matrix(0.01, 0.02, 0.03));
        assertThat(measure(new GateSpec("prometheus", Map.of("query", "errors", "op", "<", "threshold", "0.05", "window", "2m")), null)
                .verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theTokenOnlyGoesToTheConfiguredServer() {
        answer.set(vector("green", "1"));
        GateSpec elsewhere = new GateSpec("prometheus", Map.of("query", "up", "op", ">=", "threshold", "1",
                "url", prometheus.url().toString()));
        GateResult r = factory(URI.create("http://prometheus.invalid:9090"), "s3cr3t").apply(elsewhere).evaluate(context(null));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(prometheus.requests.get(0).authorization()).isNull();
    }

    @Test
    void userInfoInTheServerUrlStaysOutOfTheEvidence() {
        answer.set(vector("green", "1"));
        GateSpec spec = new GateSpec("prometheus", Map.of("query", "up", "op", ">=", "threshold", "1",
                "url", "http://scraper:pa55word@127.0.0.1:" + prometheus.url().getPort()));
        GateResult r = factory(null, null).apply(spec).evaluate(context(null));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence()).contains("at " + prometheus.url() + ",").doesNotContain("pa55word");
    }

    private GateResult measure(GateSpec spec, String token) {
        return factory(prometheus.url(), token).apply(spec).evaluate(context(null));
    }
}
