package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.gate.GateTestSupport.context;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.gate.LocalHttpServer.Answer;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookGateTest {

    private final CountDownLatch never = new CountDownLatch(1);
    private final LocalHttpServer judge = new LocalHttpServer(r -> switch (r.path()) {
        case "/ok" -> Answer.text(204, "");
        case "/veto" -> Answer.json(409, "{\"reason\":\"change freeze until Monday\"}");
        case "/broken" -> Answer.text(502, "upstream down");
        case "/slow" -> {
            never.await(5, TimeUnit.SECONDS);
            yield Answer.text(200, "late");
        }
        default -> Answer.text(302, "");
    });

    @AfterEach
    void stop() {
        never.countDown();
        judge.close();
    }

    @Test
    void postsTheRolloutAndPassesOn2xx() throws Exception {
        GateResult r = call("/ok?token=s3cr3t");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence()).isEqualTo("POST " + judge.url() + "/ok: HTTP 204");
        assertThat(r.gate()).isEqualTo("webhook:" + judge.url() + "/ok");
        LocalHttpServer.Request sent = judge.requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertThat(body.get("app").asText()).isEqualTo("shop");
        assertThat(body.get("namespace").asText()).isEqualTo("shop-prod");
        assertThat(body.get("stableSlot").asText()).isEqualTo("blue");
        assertThat(body.get("candidateSlot").asText()).isEqualTo("green");
        assertThat(body.get("candidateImage").asText()).isEqualTo("registry.example.com/shop:1.4.2");
        assertThat(body.get("stepStartedAt").asText()).isEqualTo("2026-01-01T11:59:00Z");
        assertThat(body.get("gate").asText()).isEqualTo("webhook:" + judge.url() + "/ok");
    }

    @Test
    void a4xxFailsWithTheJudgesReason() {
        GateResult r = call("/veto");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).isEqualTo("POST " + judge.url() + "/veto: HTTP 409, answer: {\"reason\":\"change freeze until Monday\"}");
    }

    @Test
    void a5xxOrNoAnswerInTimeIsInconclusive() {
        assertThat(call("/broken").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        GateResult slow = factory(null, null).apply(new GateSpec("webhook", Map.of("url", judge.url() + "/slow", "timeout", "300ms")))
                .evaluate(context(null));
        assertThat(slow.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(slow.evidence()).isEqualTo("POST " + judge.url() + "/slow: no answer within 300 ms");
    }

    @Test
    void noConnectionOrAnUnexpectedStatusIsAnError() throws Exception {
        assertThat(call("/moved").verdict()).isEqualTo(Verdict.ERROR);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GateResult r = factory(null, null).apply(GateSpec.webhook(URI.create("http://127.0.0.1:" + closedPort + "/hook")))
                .evaluate(context(null));
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.evidence()).startsWith("POST http://127.0.0.1:" + closedPort + "/hook: no connection");
    }

    private GateResult call(String path) {
        return factory(null, null).apply(GateSpec.webhook(URI.create(judge.url() + path))).evaluate(context(null));
    }
}
