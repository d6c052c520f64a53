package io.jenkins.plugins.openmaru.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reports of real drills on the sandbox: well-formed, self-contained, and saying what happened. */
@Tag("slow")
class DrillReportsTest {
    static DrillCluster sandbox;
    static DrillResult passed;
    static DrillResult aborted;

    @BeforeAll
    static void drills() {
        sandbox = DrillCluster.shared();
        AppRef good = DrillCluster.freshApp();
        sandbox.release(good, "quay.io/acme/shop:1.0", Map.of());
        sandbox.release(good, "quay.io/acme/shop:2.0", Map.of());
        passed = sandbox.drill().run(DrillSpec.builder(good.namespace(), good.app()).environment("prod").build(), Actor.of("cli:ops"));
        AppRef bad = DrillCluster.freshApp();
        sandbox.release(bad, "quay.io/acme/shop:1.0", Map.of());
        sandbox.release(bad, "quay.io/acme/shop:2.0", Map.of());
        sandbox.breakSlot(bad, Slot.BLUE, "SANDBOX_ERROR_RATE", "1", 500, true);
        aborted = sandbox.drill().run(DrillSpec.builder(bad.namespace(), bad.app()).environment("prod").build(), Actor.of("cli:ops"));
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void passingDrillWritesThreeReportsWithOnePassingTestCasePerPhase(@TempDir Path dir) throws Exception {
        assertThat(passed.outcome()).as(passed.message()).isEqualTo(DrillOutcome.PASSED);

        List<Path> files = DrillReports.write(passed, dir);

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "rollback-drill-" + passed.app().namespace() + "-shop.json", "rollback-drill-" + passed.app().namespace() + "-shop.xml",
                "rollback-drill-" + passed.app().namespace() + "-shop.html");
        Element suite = xml(files.get(1)).getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        Element rollback = (Element) cases.item(0);
        assertThat(rollback.getAttribute("classname")).isEqualTo("rollback-drill.prod." + passed.app().namespace() + ".shop");
        assertThat(rollback.getAttribute("name")).isEqualTo("rollback to revision 1");
        assertThat(Double.parseDouble(rollback.getAttribute("time")))
                .isEqualTo(passed.phases().get(0).timings().timeToRestore().orElseThrow().toMillis() / 1000.0);
        assertThat(((Element) cases.item(1)).getAttribute("name")).isEqualTo("roll-forward to revision 2");
        assertThat(suite.getElementsByTagName("failure").getLength()).isZero();

        JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(json.get("outcome").asText()).isEqualTo("PASSED");
        assertThat(json.get("environment").asText()).isEqualTo("prod");
        JsonNode phase = json.get("phases").get(0);
        assertThat(phase.get("phase").asText()).isEqualTo("rollback");
        assertThat(phase.get("millis").get("timeToRestore").asLong())
                .isEqualTo(passed.phases().get(0).timings().timeToRestore().orElseThrow().toMillis());
        assertThat(phase.get("millis").get("toTrafficWrite").isNumber()).isTrue();
        assertThat(phase.get("millis").get("writeToVerified").isNumber()).isTrue();
        assertThat(phase.get("millis").get("toAvailable").isNull()).as("the slot was warm").isTrue();
        assertThat(phase.get("gatesBefore").findValuesAsText("gate")).containsExactly("readiness", "http:/health");

        String html = Files.readString(files.get(2));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "</svg>", "target 2 min", "rollback to rev 1", "roll-forward to rev 2", "PASSED");
        DrillHtmlReportTest.assertLabelsApartAndInside(html);
        assertThat(html.toLowerCase()).as("nothing loaded from elsewhere").doesNotContain("<script", "<link", "src=", "href=", "@import", "url(");
    }

    @Test
    void abortedDrillFailsItsRollbackTestCaseSayingWhyAndSkipsTheRollForward(@TempDir Path dir) throws Exception {
        assertThat(aborted.outcome()).as(aborted.message()).isEqualTo(DrillOutcome.ABORTED);

        List<Path> files = DrillReports.write(aborted, dir);

        Element suite = xml(files.get(1)).getDocumentElement();
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("restore-abandoned");
        assertThat(failure.getAttribute("message")).contains("failed gate http:/health", "revision 2 keeps serving");
        assertThat(failure.getTextContent()).contains("before switch: http:/health FAIL: GET http://127.0.0.1:");
        Element skipped = (Element) suite.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).contains("the rollback did not move traffic");

        String html = Files.readString(files.get(2));
        assertThat(html).contains("<svg", "ABORTED", "abandoned before any traffic moved", "gate http:/health failed before the switch");
        DrillHtmlReportTest.assertLabelsApartAndInside(html);
        assertThat(html.toLowerCase()).doesNotContain("<script");
    }

    @Test
    void dryRunReportsSkipBothPhases(@TempDir Path dir) throws Exception {
        DrillResult planned = sandbox.drill().run(DrillSpec.builder(passed.app().namespace(), "shop").dryRun(true).build(), Actor.of("cli:ops"));

        Element suite = xml(DrillReports.write(planned, dir).get(1)).getDocumentElement();

        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertThat(suite.getElementsByTagName("skipped").item(0).getAttributes().getNamedItem("message").getNodeValue())
                .isEqualTo("dry run: nothing was written");
        assertThat(suite.getTextContent()).contains("shop-blue is warm with revision");
    }
}
