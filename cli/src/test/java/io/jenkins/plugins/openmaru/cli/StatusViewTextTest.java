package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The text of {@code status} and {@code history} as an 80-column terminal shows it. */
class StatusViewTextTest {
    private static final String DRILL_COMMENT = "rollback drill drill-20261126T195744Z: FAILED; rollback failed: revision 2 "
            + "(quay.io/acme/shop:v2) in shop-green restored in 4s539ms, above the target 2s; revision 3 (quay.io/acme/shop:v3) serves";

    private static List<String> printed(Consumer<PrintWriter> print) {
        StringWriter text = new StringWriter();
        print.accept(new PrintWriter(text));
        return text.toString().lines().toList();
    }

    private static Map<String, Object> release(int revision, String outcome, String image, String time, String actor, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision", revision);
        m.put("image", image);
        m.put("outcome", outcome);
        m.put("actor", actor);
        m.put("at", time);
        m.put("comment", comment);
        return m;
    }

    @Test
    void historyLinesFitEightyColumnsWithAlignedColumnsAndWrappedComments() {
        Map<String, Object> history = Map.of("app", "shop", "releases", List.of(
                release(19, "DRILL", "quay.io/acme/shop:v2", "2026-11-26T19:57:44.248159962Z", "cli:root", DRILL_COMMENT),
                release(3, "PROMOTED", "quay.io/acme/shop:v3", "2026-11-26T19:39:14.257542312Z", "engine", "autoPromote"),
                release(1, "ROLLED_BACK", "quay.io/acme/shop:v1", "2026-11-26T19:38:56Z", "jenkins:shop#7", "")));

        List<String> lines = printed(out -> StatusView.printHistoryText(out, history));

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(lines.get(0)).startsWith("REV").contains("OUTCOME", "TIME (UTC)", "ACTOR").endsWith("IMAGE");
        int image = lines.get(0).indexOf("IMAGE");
        List<String> rows = lines.stream().filter(l -> !l.startsWith(" ")).toList();
        assertThat(rows).hasSize(4).allSatisfy(l -> assertThat(l.indexOf("quay.io") < 0 ? image : l.indexOf("quay.io")).isEqualTo(image));
        assertThat(rows.get(1)).startsWith("19").contains("DRILL", "2026-11-26 19:57:44", "cli:root").doesNotContain(".248");
        assertThat(rows.get(3)).contains("ROLLED_BACK", "2026-11-26 19:38:56", "jenkins:shop#7");
        String comment = String.join(" ", lines.subList(2, lines.indexOf(rows.get(2))).stream().map(String::strip).toList());
        assertThat(comment).isEqualTo(DRILL_COMMENT);
        assertThat(lines.get(lines.indexOf(rows.get(2)) + 1)).isEqualTo("    autoPromote");
    }

    @Test
    void aLongStatusMessageWrapsUnderItsValue() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("app", "shop");
        status.put("namespace", "default");
        status.put("host", "shop-default.apps.sandbox");
        status.put("phase", "ROLLED_BACK");
        status.put("strategy", "blue-green");
        status.put("stable", Map.of("slot", "blue", "image", "quay.io/acme/shop:v3", "revision", 3));
        status.put("candidate", null);
        status.put("message", DRILL_COMMENT);

        List<String> lines = printed(out -> StatusView.printStatusText(out, status, DeliveryState.EMPTY));

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(lines.get(0)).isEqualTo("app        default/shop");
        assertThat(lines.get(3)).isEqualTo("stable     quay.io/acme/shop:v3 in slot blue, revision 3");
        int message = lines.indexOf(lines.stream().filter(l -> l.startsWith("message")).findFirst().orElseThrow());
        List<String> wrapped = lines.subList(message, lines.size());
        assertThat(wrapped).hasSizeGreaterThan(1).allSatisfy(l -> assertThat(l.substring(0, 11).strip()).isIn("message", ""));
        assertThat(String.join(" ", wrapped.stream().map(l -> l.substring(11)).toList())).isEqualTo(DRILL_COMMENT);
    }

    @Test
    void aStableImageWiderThanTheLineGoesOnUnderItsValue() {
        String image = "image-registry.openshift-image-registry.svc:5000/payments/shop-frontend@sha256:"
                + "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("app", "shop");
        status.put("namespace", "payments");
        status.put("phase", "PROMOTED");
        status.put("stable", Map.of("slot", "blue", "image", image, "revision", 3));

        List<String> lines = printed(out -> StatusView.printStatusText(out, status, DeliveryState.EMPTY));

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        int stable = lines.indexOf(lines.stream().filter(l -> l.startsWith("stable")).findFirst().orElseThrow());
        List<String> rest = lines.subList(stable + 1, lines.size());
        assertThat(rest).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith(" ".repeat(11)));
        assertThat(lines.get(stable).substring(11) + String.join("", rest.stream().map(l -> l.substring(11)).toList()))
                .as("nothing cut off: the image in one piece across its lines, then its slot").contains(image).endsWith("slot blue, revision 3");
    }
}
