package io.jenkins.plugins.openmaru.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhase;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillTimings;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The HTML report as a reader sees it: verdict first, figures equal to the JSON report's, a chart whose labels stay apart. */
class DrillHtmlReportTest {
    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Duration TWO_MIN = Duration.ofMinutes(2);

    /** A text label of the chart and the box it covers, from its position, anchor and estimated width. */
    record Label(String text, double left, double right, double baseline) {}

    static List<Label> labels(String html) throws Exception {
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        NodeList texts = root.getElementsByTagName("text");
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            double x = Double.parseDouble(t.getAttribute("x"));
            double w = DrillTimeline.textWidth(t.getTextContent());
            double left = switch (t.getAttribute("text-anchor")) {
                case "middle" -> x - w / 2;
                case "end" -> x - w;
                default -> x;
            };
            out.add(new Label(t.getTextContent(), left, left + w, Double.parseDouble(t.getAttribute("y"))));
        }
        return out;
    }

    /** No label leaves the chart, and no two labels on the same line (baselines closer than the 12px font) overlap. */
    static void assertLabelsApartAndInside(String html) throws Exception {
        List<Label> labels = labels(html);
        assertThat(labels).isNotEmpty().allSatisfy(l -> {
            assertThat(l.left()).as("left edge of '%s'", l.text()).isGreaterThanOrEqualTo(0);
            assertThat(l.right()).as("right edge of '%s'", l.text()).isLessThanOrEqualTo(DrillTimeline.WIDTH);
        });
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Label a = labels.get(i);
                Label b = labels.get(j);
                if (Math.abs(a.baseline() - b.baseline()) < 12) {
                    assertThat(a.right() <= b.left() || b.right() <= a.left()).as("'%s' and '%s' overlap", a.text(), b.text()).isTrue();
                }
            }
        }
    }

    static Stream<DrillResult> drills() {
        return Stream.of(warm(200), cold(4_000, TWO_MIN), cold(4_000, Duration.ofSeconds(2)), cold(90_000, TWO_MIN), warm(3), aborted(),
                gateFailedAfterSwitch());
    }

    @ParameterizedTest
    @MethodSource("drills")
    void chartLabelsNeitherOverlapNorLeaveTheChart(DrillResult drill) throws Exception {
        assertLabelsApartAndInside(DrillHtmlReport.render(drill));
    }

    @Test
    void axisTicksAreRoundAndCoverTheLongestBarForAQuickAndASlowRestore() throws Exception {
        assertThat(ticks(warm(200))).containsExactly("0", "100 ms", "200 ms", "300 ms");
        assertThat(ticks(cold(4_000, TWO_MIN))).containsExactly("0", "2 s", "4 s", "6 s");
        assertThat(ticks(cold(90_000, TWO_MIN))).containsExactly("0", "30 s", "1 min", "1 min 30 s", "2 min");
        assertThat(labels(DrillHtmlReport.render(cold(4_000, TWO_MIN)))).extracting(Label::text).contains("target 2 min: beyond this scale \u2192");
    }

    @Test
    void theVerifiedMarkSitsAtTheTimeToRestoreOnTheAxis() throws Exception {
        String html = DrillHtmlReport.render(cold(4_000, TWO_MIN));
        List<Label> labels = labels(html);
        double zero = tickX(labels, "0");
        double twoSeconds = tickX(labels, "2 s");
        Matcher mark = Pattern.compile("<line x1=\"([0-9.]+)\" y1=\"\\d+\" x2=\"[0-9.]+\" y2=\"\\d+\" stroke=\"#222\"").matcher(html);
        assertThat(mark.find()).isTrue();
        assertThat(Double.parseDouble(mark.group(1))).isCloseTo(zero + (twoSeconds - zero) * 2.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(labels).extracting(Label::text).contains("restored in 4 s");
    }

    @Test
    void theVerdictWithEachTimeToRestoreAgainstTheTargetComesBeforeTheChart() {
        String html = DrillHtmlReport.render(cold(4_000, Duration.ofSeconds(2)));

        int chart = html.indexOf("<svg");
        assertThat(html.indexOf("<span class=\"badge FAILED\">FAILED</span></h1>")).isBetween(0, chart);
        assertThat(html.indexOf("restored in <b class=\"figure\">4 s</b>, over the 2 s target")).isBetween(0, chart);
        assertThat(html.indexOf("restored in <b class=\"figure\">350 ms</b> of the 2 s target")).isBetween(0, chart);
        assertThat(html).contains("target 2 s (exceeded)");
    }

    @Test
    void anAbortedDrillNamesTheFailedGateAndItsEvidenceBeforeTheChart() throws Exception {
        String html = DrillHtmlReport.render(aborted());

        int chart = html.indexOf("<svg");
        assertThat(html.indexOf("gate http:/health failed before the switch</b></span> (FAIL: GET http://shop-blue/health x10: 10 x HTTP 500"))
                .isBetween(0, chart);
        assertThat(html.indexOf("no traffic moved")).isBetween(0, chart);
        assertThat(labels(html)).extracting(Label::text)
                .contains("gate http:/health failed: abandoned before any traffic moved", "not run: the rollback did not move traffic");
        assertThat(html).contains("<tr class=\"fail\"><td>rollback</td><td>before switch</td><td>http:/health</td>");
    }

    @Test
    void aGateFailingAfterTheSwitchIsNamedInTheVerdict() {
        String html = DrillHtmlReport.render(gateFailedAfterSwitch());

        assertThat(html.indexOf("gate http:/health failed after the switch</b></span> (FAIL: GET http://shop-blue/health x10: 10 x HTTP 500"))
                .isBetween(0, html.indexOf("<svg"));
    }

    @Test
    void everyDurationShownEqualsTheJsonReportsMillis() throws Exception {
        DrillResult drill = cold(4_321, TWO_MIN);
        String html = DrillHtmlReport.render(drill);
        JsonNode phases = new ObjectMapper().readTree(DrillJsonReport.render(drill)).get("phases");

        Matcher figures = Pattern.compile("restored in <b class=\"figure\">([^<]+)</b>").matcher(html);
        Matcher cells = Pattern.compile("<tr><td>[a-z-]+</td><td>revision&#160;\\d+</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td><b>([^<]+)</b>")
                .matcher(html);
        for (JsonNode phase : phases) {
            JsonNode millis = phase.get("millis");
            assertThat(figures.find()).isTrue();
            assertThat(millisOf(figures.group(1))).isEqualTo(millis.get("timeToRestore").asLong());
            assertThat(cells.find()).as("measurements row of %s", phase.get("phase")).isTrue();
            if (millis.get("toAvailable").isNull()) {
                assertThat(cells.group(1)).isEqualTo("none (warm)");
            } else {
                assertThat(millisOf(cells.group(1))).isEqualTo(millis.get("toAvailable").asLong());
            }
            assertThat(millisOf(cells.group(2))).isEqualTo(millis.get("toTrafficWrite").asLong());
            assertThat(millisOf(cells.group(3))).isEqualTo(millis.get("writeToVerified").asLong());
            assertThat(millisOf(cells.group(4))).isEqualTo(millis.get("timeToRestore").asLong());
        }
        assertThat(phases.get(0).get("millis").get("timeToRestore").asLong()).isEqualTo(4_321);
    }

    @Test
    void durationsReadExactlyAndUnambiguously() {
        assertThat(Stream.of(0L, 87L, 1_087L, 1_500L, 2_000L, 60_000L, 90_500L, 3_600_000L, 5_400_000L)
                .map(ms -> ReportDurations.format(Duration.ofMillis(ms))))
                .containsExactly("0 ms", "87 ms", "1.087 s", "1.5 s", "2 s", "1 min", "1 min 30.5 s", "1 h", "1 h 30 min");
    }

    @Test
    void thePageStaysSelfContainedAndFitsANarrowWindow() {
        String html = DrillHtmlReport.render(aborted());

        assertThat(html.toLowerCase()).doesNotContain("<script", "<link", "src=", "href=", "@import", "url(");
        assertThat(html).contains("style=\"width:100%;height:auto;max-width:760px\"", "@media print");
    }

    private static List<String> ticks(DrillResult drill) throws Exception {
        // Tick labels are the chart's first texts, on the line above the bars.
        List<Label> labels = labels(DrillHtmlReport.render(drill));
        double axis = labels.get(0).baseline();
        return labels.stream().filter(l -> l.baseline() == axis).map(Label::text).toList();
    }

    private static double tickX(List<Label> labels, String text) {
        Label l = labels.stream().filter(x -> x.text().equals(text)).findFirst().orElseThrow();
        return (l.left() + l.right()) / 2;
    }

    /** Reads a duration as the report shows it ({@code 350 ms}, {@code 4.321 s}, {@code 1 min 30 s}) back into millis. */
    private static long millisOf(String shown) {
        Matcher m = Pattern.compile("([0-9.]+) (h|min|s|ms)").matcher(shown);
        double total = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "min" -> n * 60_000;
                case "s" -> n * 1000;
                default -> n;
            };
        }
        return Math.round(total);
    }

    // Warm slots: the rollback restores in restoreMs, the roll-forward in three quarters of it; the gates after each switch take 30 % more.
    private static DrillResult warm(long restoreMs) {
        return drill(TWO_MIN, restored(DrillPhase.ROLLBACK, 1, 0, restoreMs, TWO_MIN),
                restored(DrillPhase.ROLL_FORWARD, 2, 0, restoreMs * 3 / 4, TWO_MIN));
    }

    private static DrillResult cold(long restoreMs, Duration target) {
        return drill(target, restored(DrillPhase.ROLLBACK, 1, restoreMs * 7 / 10, restoreMs, target),
                restored(DrillPhase.ROLL_FORWARD, 2, 0, 350, target));
    }

    private static DrillPhaseResult restored(DrillPhase phase, int to, long scaleUpMs, long restoreMs, Duration target) {
        Instant decision = T0.plusSeconds(phase == DrillPhase.ROLLBACK ? 0 : 600);
        Instant available = scaleUpMs > 0 ? decision.plusMillis(scaleUpMs) : null;
        Instant checked = decision.plusMillis(scaleUpMs + (restoreMs - scaleUpMs) * 6 / 10);
        Instant written = decision.plusMillis(scaleUpMs + (restoreMs - scaleUpMs) * 8 / 10);
        Instant verified = decision.plusMillis(restoreMs);
        Duration ttr = Duration.ofMillis(restoreMs);
        boolean over = ttr.compareTo(target) > 0;
        return new DrillPhaseResult(phase, 3 - to, to, "quay.io/acme/shop:" + to + ".0", to == 1 ? Slot.BLUE : Slot.GREEN, scaleUpMs > 0,
                new DrillTimings(decision, available, checked, written, verified), List.of(pass("readiness", checked)),
                List.of(pass("readiness", verified.plusMillis(restoreMs * 3 / 10))), target, over ? DrillOutcome.FAILED : DrillOutcome.PASSED,
                "restored");
    }

    private static DrillResult aborted() {
        GateResult failed = new GateResult("http:/health", Verdict.FAIL, "GET http://shop-blue/health x10: 10 x HTTP 500", T0.plusMillis(860));
        DrillPhaseResult rollback = new DrillPhaseResult(DrillPhase.ROLLBACK, 2, 1, "quay.io/acme/shop:1.0", Slot.BLUE, false,
                DrillTimings.startingAt(T0), List.of(pass("readiness", T0.plusMillis(40)), failed), List.of(), TWO_MIN, DrillOutcome.ABORTED,
                "revision 1 failed gate http:/health before any traffic moved; revision 2 keeps serving");
        DrillPhaseResult forward = DrillPhaseResult.skipped(DrillPhase.ROLL_FORWARD, 1, 2, "quay.io/acme/shop:2.0", Slot.GREEN, TWO_MIN,
                T0.plusSeconds(1), "the rollback did not move traffic");
        return drill(TWO_MIN, rollback, forward);
    }

    private static DrillResult gateFailedAfterSwitch() {
        DrillPhaseResult ok = restored(DrillPhase.ROLLBACK, 1, 0, 300, TWO_MIN);
        GateResult failed = new GateResult("http:/health", Verdict.FAIL, "GET http://shop-blue/health x10: 10 x HTTP 500", T0.plusMillis(700));
        DrillPhaseResult rollback = new DrillPhaseResult(ok.phase(), ok.fromRevision(), ok.toRevision(), ok.image(), ok.slot(), false,
                ok.timings(), ok.gatesBefore(), List.of(failed), TWO_MIN, DrillOutcome.FAILED, "gate http:/health failed after the switch");
        return drill(TWO_MIN, rollback, restored(DrillPhase.ROLL_FORWARD, 2, 0, 350, TWO_MIN));
    }

    private static GateResult pass(String gate, Instant at) {
        return new GateResult(gate, Verdict.PASS, "ok", at);
    }

    private static DrillResult drill(Duration target, DrillPhaseResult... phases) {
        Release serving = new Release(2, "quay.io/acme/shop:2.0", Slot.GREEN, Strategy.BLUE_GREEN, ReleaseOutcome.PROMOTED, T0, "ci", "", 0,
                Map.of());
        Release earlier = new Release(1, "quay.io/acme/shop:1.0", Slot.BLUE, Strategy.BLUE_GREEN, ReleaseOutcome.DEPLOYED, T0, "ci", "", 0,
                Map.of());
        DrillPlan plan = new DrillPlan(new AppRef("demo", "shop"), "prod", serving, Slot.GREEN, earlier, true, "shop-blue runs 1.0",
                List.of(GateSpec.readiness(), GateSpec.http("/health", 1.0)), 8080, true, target);
        DrillOutcome outcome = Stream.of(phases).map(DrillPhaseResult::outcome).filter(DrillOutcome::failed).findFirst().orElse(DrillOutcome.PASSED);
        return new DrillResult("drill-20261126T030000Z", plan, "cli:ops", T0, T0.plusSeconds(700), List.of(phases), outcome, 2,
                "quay.io/acme/shop:2.0", "the drill's message");
    }
}
