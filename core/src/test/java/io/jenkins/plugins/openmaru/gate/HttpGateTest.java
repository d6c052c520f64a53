package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.gate.GateTestSupport.context;
import static io.jenkins.plugins.openmaru.gate.GateTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.gate.LocalHttpServer.Answer;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.ServiceProxyEndpoints;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpGateTest {

    /** Every {@code failEvery}-th request gets a 503; 0 means never. */
    private final AtomicInteger failEvery = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);
    private final LocalHttpServer candidate = new LocalHttpServer(r -> {
        if (r.path().equals("/slow")) {
            never.await(5, TimeUnit.SECONDS);
        }
        int n = served.incrementAndGet();
        return failEvery.get() > 0 && n % failEvery.get() == 0 ? Answer.text(503, "busy") : Answer.text(200, "ok");
    });

    @AfterEach
    void stop() {
        never.countDown();
        candidate.close();
    }

    @Test
    void passesWhenEveryRequestSucceeds() {
        GateResult r = measure(GateSpec.http("/health", 1.0));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.gate()).isEqualTo("http:/health");
        assertThat(r.evidence()).startsWith("GET " + candidate.url() + "/health x10: 10 x HTTP 200, success ratio 1 (min 1); latency min ");
        assertThat(candidate.requests).hasSize(10).allSatisfy(req -> assertThat(req.path()).isEqualTo("/health"));
    }

    @Test
    void judgesTheSuccessRatio() {
        failEvery.set(5);
        GateResult strict = measure(GateSpec.http("/health", 0.9));
        assertThat(strict.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(strict.evidence()).contains("8 x HTTP 200, 2 x HTTP 503, success ratio 0.8 (min 0.9)");
        assertThat(measure(GateSpec.http("/health", 0.8)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void timeoutsCountAsFailuresAndLatencyIsJudged() {
        GateSpec slow = new GateSpec("http", Map.of("path", "/slow", "requests", "2", "timeout", "200ms", "minSuccessRatio", "0.5"));
        GateResult r = measure(slow);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).contains("2 x timeout after 200 ms, success ratio 0 (min 0.5)");

        GateSpec fastEnough = new GateSpec("http", Map.of("path", "/health", "requests", "3", "maxP95Latency", "5s"));
        GateResult ok = measure(fastEnough);
        assertThat(ok.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ok.evidence()).contains(" ms, p95 ").endsWith("(max p95 5000 ms)");
    }

    @Test
    void anUnreachableCandidateFailsAndAMissingUrlIsAnError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GateSpec spec = new GateSpec("http", Map.of("path", "/health", "requests", "2"));
        GateResult r = factory(null, null).apply(spec).evaluate(context(URI.create("http://127.0.0.1:" + closedPort)));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).contains("2 x no connection, success ratio 0");

        GateResult noUrl = factory(null, null).apply(spec).evaluate(context(null));
        assertThat(noUrl.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(noUrl.evidence()).isEqualTo("no URL for the candidate slot green");
    }

    @Test
    void aSlotBehindTheApiServersServiceProxyIsMeasuredWithTheClusterCredentialWhichGoesNowhereElse() {
        LocalHttpServer apiServer = new LocalHttpServer(r -> Answer.text(503, "no endpoints available for service \"shop-green\""));
        Config config = Config.empty();
        config.setMasterUrl(apiServer.url().toString());
        config.setOauthToken("sha256~t0ken");
        config.setRequestRetryBackoffLimit(3);
        try (apiServer; KubernetesClient client = ClusterClients.create(config)) {
            URI slot = new ServiceProxyEndpoints(client.getMasterUrl()).baseUrl(new AppRef("shop-prod", "shop"), Slot.GREEN, 8080);
            GateSpec spec = new GateSpec("http", Map.of("path", "/health", "requests", "2"));

            GateResult proxied = factory(null, null).apply(spec).evaluate(withClient(client, slot));

            assertThat(proxied.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(proxied.evidence()).startsWith("GET " + apiServer.url() + "/api/v1/namespaces/shop-prod/services/shop-green:8080/proxy/health x2: "
                    + "2 x HTTP 503");
            assertThat(apiServer.requests).as("each 503 is a measurement, not retried").hasSize(2)
                    .allSatisfy(req -> assertThat(req.authorization()).isEqualTo("Bearer sha256~t0ken"));

            assertThat(factory(null, null).apply(spec).evaluate(withClient(client, candidate.url())).verdict()).isEqualTo(Verdict.PASS);
            assertThat(candidate.requests).hasSize(2).allSatisfy(req -> assertThat(req.authorization()).isNull());
        }
    }

    private static final String THROTTLED = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"too many requests\",\"reason\":\"TooManyRequests\",\"code\":429}";

    @Test
    void theApiServersOwnThrottlingIsWaitedOutWithinTheTimeoutAndThenIsNotTheAppsAnswer() {
        AtomicInteger asked = new AtomicInteger();
        LocalHttpServer apiServer = new LocalHttpServer(r -> asked.incrementAndGet() == 1 ? Answer.json(429, THROTTLED).withRetryAfter(1)
                : asked.get() == 2 ? Answer.text(200, "ok") : Answer.json(429, THROTTLED).withRetryAfter(1));
        try (apiServer; KubernetesClient client = proxiedClient(apiServer)) {
            URI slot = new ServiceProxyEndpoints(client.getMasterUrl()).baseUrl(new AppRef("shop-prod", "shop"), Slot.GREEN, 8080);
            long t0 = System.nanoTime();

            GateResult waited = factory(null, null).apply(new GateSpec("http", Map.of("path", "/health", "requests", "1", "timeout", "5s")))
                    .evaluate(withClient(client, slot));

            assertThat(waited.verdict()).as(waited.evidence()).isEqualTo(Verdict.PASS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("Retry-After: 1 was waited out").isGreaterThanOrEqualTo(1000);
            assertThat(apiServer.requests).hasSize(2);

            GateResult throttled = factory(null, null).apply(new GateSpec("http", Map.of("path", "/health", "requests", "2", "timeout", "1500ms")))
                    .evaluate(withClient(client, slot));

            assertThat(throttled.verdict()).as(throttled.evidence()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(throttled.evidence()).contains("2 x not the app's answer: the API server answered 429 (throttling)");
        }
    }

    @Test
    void theAppsOwn503WithRetryAfterThroughTheServiceProxyIsMeasuredNotWaitedOut() {
        LocalHttpServer apiServer = new LocalHttpServer(r -> Answer.text(503, "busy").withRetryAfter(1));
        try (apiServer; KubernetesClient client = proxiedClient(apiServer)) {
            URI slot = new ServiceProxyEndpoints(client.getMasterUrl()).baseUrl(new AppRef("shop-prod", "shop"), Slot.GREEN, 8080);

            GateResult r = factory(null, null).apply(new GateSpec("http", Map.of("path", "/health", "requests", "2"))).evaluate(withClient(client, slot));

            assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(r.evidence()).contains("2 x HTTP 503");
            assertThat(apiServer.requests).as("each 503 is a measurement, not retried").hasSize(2);
        }
    }

    @Test
    void anApiServerThatCannotBeReachedIsNotTheAppsFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Config config = Config.empty();
        config.setMasterUrl("http://127.0.0.1:" + closedPort);
        config.setRequestRetryBackoffLimit(0);
        try (KubernetesClient client = ClusterClients.create(config)) {
            URI slot = new ServiceProxyEndpoints(client.getMasterUrl()).baseUrl(new AppRef("shop-prod", "shop"), Slot.GREEN, 8080);

            GateResult r = factory(null, null).apply(new GateSpec("http", Map.of("path", "/health", "requests", "2"))).evaluate(withClient(client, slot));

            assertThat(r.verdict()).as(r.evidence()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.evidence()).contains("2 x not the app's answer: the API server could not be reached");
        }
    }

    private static KubernetesClient proxiedClient(LocalHttpServer apiServer) {
        Config config = Config.empty();
        config.setMasterUrl(apiServer.url().toString());
        config.setRequestRetryBackoffLimit(3);
        return ClusterClients.create(config);
    }

    private static GateContext withClient(KubernetesClient client, URI candidateUrl) {
        return context(candidateUrl).toBuilder().client(client).build();
    }

    private GateResult measure(GateSpec spec) {
        return factory(null, null).apply(spec).evaluate(context(candidate.url()));
    }
}
