package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@EnableKubernetesMockClient(crud = true)
@Tag("slow")
class MetricsTest {

    static KubernetesClient client;

    private static final String HOST = "shop.apps.sandbox";
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private String namespace;
    private DataPlane dataPlane;

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(String label, String value) {
            return value.equals(labels.get(label));
        }
    }

    @BeforeEach
    void start(TestInfo test) {
        namespace = test.getTestMethod().orElseThrow().getName().toLowerCase();
        SandboxObjects objects = new SandboxObjects(client, namespace);
        objects.slot("shop", "blue", "shop:v1", 1, Map.of(PodBehaviour.ERROR_RATE, "0.5"));
        objects.slot("shop", "green", "shop:v2", 1, Map.of(PodBehaviour.LATENCY_MS, "30"));
        objects.route("shop", HOST, 50, 50);
        dataPlane = DataPlane.start(client, DataPlaneConfig.defaults().withNamespace(namespace));
        await().atMost(Duration.ofSeconds(10)).until(() -> dataPlane.routeWeights(HOST).size() == 2
                && SlotHttp.version(SlotHttp.get(dataPlane.slotUrl(namespace, "shop", "green"), "/")) != null);
    }

    @AfterEach
    void stop() {
        dataPlane.close();
    }

    private List<Sample> scrape() {
        HttpResponse<String> response = SlotHttp.get(dataPlane.metricsUrl(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(MetricsEndpoint.CONTENT_TYPE);
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("#")) {
                assertThat(line).matches("# (HELP|TYPE) \\S+ .+");
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            int end = 0;
            while (l.find() && l.start() == end) {
                labels.put(l.group(1), l.group(2));
                end = l.end();
            }
            assertThat(end).as("labels of %s", line).isEqualTo(m.group(2).length());
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    private static double sum(List<Sample> samples, String name, String version, String code) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has("version", version)
                && (code == null || s.has("code", code))).mapToDouble(Sample::value).sum();
    }

    private static int delta(List<Sample> before, List<Sample> after, String name, String version, String code) {
        return (int) Math.round(sum(after, name, version, code) - sum(before, name, version, code));
    }

    @Test
    void countsEveryRequestByAppSlotVersionAndCode() throws IOException {
        List<Sample> before = scrape();
        Map<String, Integer> replies = new LinkedHashMap<>();
        RouterClient router = dataPlane.routerClient();
        for (int i = 0; i < 200; i++) {
            RouterClient.Reply reply = router.get(HOST, "/");
            replies.merge(reply.version().orElseThrow() + " " + reply.status(), 1, Integer::sum);
        }

        List<Sample> after = scrape();

        for (String code : List.of("200", "500")) {
            assertThat(delta(before, after, "http_requests_total", "shop:v1", code))
                    .as("v1 %s", code).isEqualTo(replies.getOrDefault("shop:v1 " + code, 0));
        }
        assertThat(replies.getOrDefault("shop:v1 500", 0)).as("v1 fails about half the time").isBetween(20, 80);
        assertThat(delta(before, after, "http_requests_total", "shop:v2", "200")).isEqualTo(replies.get("shop:v2 200"));
        assertThat(after).filteredOn(s -> s.name().equals("http_requests_total") && s.has("version", "shop:v2"))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("app", "shop").containsEntry("slot", "green")
                        .containsEntry("namespace", namespace));
        assertThat(delta(before, after, "sandbox_router_requests_total", "shop:v2", null)).isEqualTo(replies.get("shop:v2 200"));
    }

    @Test
    void latencyHistogramAgreesWithTheCounters() throws IOException {
        RouterClient router = dataPlane.routerClient();
        for (int i = 0; i < 40; i++) {
            router.get(HOST, "/");
        }

        List<Sample> samples = scrape();

        List<Sample> totals = samples.stream().filter(s -> s.name().equals("http_requests_total")).toList();
        assertThat(totals).isNotEmpty();
        for (Sample total : totals) {
            List<Double> buckets = samples.stream()
                    .filter(s -> s.name().equals("http_request_duration_seconds_bucket") && s.labels().entrySet().containsAll(total.labels().entrySet()))
                    .map(Sample::value).toList();
            double count = samples.stream().filter(s -> s.name().equals("http_request_duration_seconds_count") && s.labels().equals(total.labels()))
                    .findFirst().orElseThrow().value();
            assertThat(buckets).hasSize(RequestMetrics.BUCKETS.length + 1).isSorted();
            assertThat(buckets.get(buckets.size() - 1)).isEqualTo(count).isEqualTo(total.value());
        }
        Map<String, String> v2 = totals.stream().filter(s -> s.has("version", "shop:v2")).findFirst().orElseThrow().labels();
        double v2Sum = samples.stream().filter(s -> s.name().equals("http_request_duration_seconds_sum") && s.labels().equals(v2))
                .findFirst().orElseThrow().value();
        double v2Fast = samples.stream().filter(s -> s.name().equals("http_request_duration_seconds_bucket")
                && s.labels().entrySet().containsAll(v2.entrySet()) && s.has("le", "0.025")).findFirst().orElseThrow().value();
        double v2Count = samples.stream().filter(s -> s.name().equals("http_requests_total") && s.labels().equals(v2))
                .findFirst().orElseThrow().value();
        assertThat(v2Sum).as("30 ms per v2 request").isGreaterThanOrEqualTo(0.03 * v2Count);
        assertThat(v2Fast).as("no v2 request under 25 ms").isZero();
    }

    @Test
    void otherPathsOnTheMetricsPortAre404() {
        assertThat(SlotHttp.get(dataPlane.metricsUrl(), "/other").statusCode()).isEqualTo(404);
    }

}
