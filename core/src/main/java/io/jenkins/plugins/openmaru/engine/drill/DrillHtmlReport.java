package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillTimings;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The drill as one self-contained HTML page (no scripts, nothing loaded from elsewhere): first the verdict,
 * each restore's time against the target and, for a failure, the gate and its evidence; then the timeline
 * chart, the measurements, every gate's evidence and the plan.
 */
public final class DrillHtmlReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:960px}
            h1{margin:0 0 12px}
            .badge{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600;white-space:nowrap}
            .PASSED{background:#2e7d32}.FAILED{background:#c62828}.ABORTED{background:#e65100}.PLANNED,.SKIPPED{background:#546e7a}
            .verdict{border-left:6px solid #546e7a;background:#f7f7f7;padding:8px 16px;margin:0 0 12px}
            .verdict.v-PASSED{border-color:#2e7d32}.verdict.v-FAILED{border-color:#c62828}.verdict.v-ABORTED{border-color:#e65100}
            .verdict ul{margin:4px 0;padding-left:20px}.verdict li{margin:4px 0}
            .bad{color:#c62828}.figure{font-size:110%}
            table{border-collapse:collapse;margin:8px 0 16px;width:100%}
            td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}tr.fail td{background:#fdecea}.muted{color:#666}code{font-size:90%}
            .ev,.verdict{overflow-wrap:anywhere}
            @media print{body{margin:0;max-width:none}tr,svg,.verdict{break-inside:avoid}
            .badge,.verdict,th,tr.fail td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
            """;

    private DrillHtmlReport() {}

    public static String render(DrillResult r) {
        StringBuilder b = new StringBuilder(8192);
        String title = "Rollback drill " + r.app() + (r.plan().environment().isEmpty() ? "" : " (" + r.plan().environment() + ")");
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title + ": " + r.outcome().name())).append("</title>\n<style>\n").append(STYLE).append("</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append(' ').append(badge(r.outcome())).append("</h1>\n");
        verdict(b, r);
        b.append("<p class=\"muted\">").append(esc(r.id())).append(" by ").append(esc(r.actor())).append(", ")
                .append(TIME.format(r.startedAt())).append(" to ").append(TIME.format(r.finishedAt())).append("</p>\n");
        if (!r.phases().isEmpty()) {
            b.append("<h2>Timeline</h2>\n").append(DrillTimeline.svg(r));
            b.append("<h2>Measurements</h2>\n").append(measurements(r));
            b.append("<h2>Gates</h2>\n").append(gates(r));
        }
        b.append("<h2>Plan</h2>\n<ol>\n");
        r.plan().steps().forEach(s -> b.append("<li>").append(esc(s)).append("</li>\n"));
        b.append("</ol>\n</body></html>\n");
        return b.toString();
    }

    /** What a release manager needs first: each restore's time against the target, and why a phase failed. */
    private static void verdict(StringBuilder b, DrillResult r) {
        b.append("<div class=\"verdict v-").append(r.outcome().name()).append("\">\n<ul>\n");
        for (DrillPhaseResult p : r.phases()) {
            b.append("<li>").append(badge(p.outcome())).append(" <b>").append(esc(p.phase().label())).append("</b> to revision ")
                    .append(p.toRevision()).append(" (<code>").append(esc(p.image())).append("</code>): ").append(finding(p)).append("</li>\n");
        }
        b.append("</ul>\n");
        boolean explained = r.phases().stream().anyMatch(p -> p.outcome().failed());
        if (r.phases().isEmpty() || (r.outcome().failed() && !explained)) {
            b.append("<p>").append(esc(r.message())).append("</p>\n");
        }
        b.append("<p>Serving now: revision ").append(r.servingRevision()).append(" (<code>").append(esc(r.servingImage()))
                .append("</code>). Target: each restore verified within ").append(fmt(r.plan().maxTimeToRestore())).append(".</p>\n</div>\n");
    }

    private static String finding(DrillPhaseResult p) {
        Optional<Duration> restore = p.timings().timeToRestore();
        Optional<GateResult> before = DrillTimeline.failedGate(p.gatesBefore());
        Optional<GateResult> after = DrillTimeline.failedGate(p.gatesAfter());
        StringBuilder b = new StringBuilder();
        if (restore.isPresent()) {
            b.append(p.exceededTarget() ? "<span class=\"bad\">" : "<span>").append("restored in <b class=\"figure\">").append(fmt(restore.get()))
                    .append("</b>").append(p.exceededTarget() ? ", over the " : " of the ").append(fmt(p.target())).append(" target</span>");
        }
        if (before.isPresent()) {
            b.append(gateFinding(before.get(), "before the switch")).append("; no traffic moved");
        } else if (after.isPresent()) {
            b.append("; ").append(gateFinding(after.get(), "after the switch"));
        } else if (p.outcome() == DrillOutcome.SKIPPED || (p.outcome().failed() && !p.exceededTarget())) {
            b.append(restore.isPresent() ? "; " : "").append(esc(p.message()));
        }
        return b.toString();
    }

    private static String gateFinding(GateResult g, String when) {
        return "<span class=\"bad\"><b>gate " + esc(g.gate()) + " failed " + when + "</b></span> (" + g.verdict().name() + ": "
                + esc(g.evidence()) + ")";
    }

    private static String measurements(DrillResult r) {
        // Why a phase failed is told once, in the verdict above.
        StringBuilder b = new StringBuilder("<table><tr><th>phase</th><th>release</th><th>scale-up</th><th>decision &#8594; traffic write</th>"
                + "<th>write &#8594; verified</th><th>time to restore</th><th>target</th><th>outcome</th></tr>\n");
        for (DrillPhaseResult p : r.phases()) {
            DrillTimings t = p.timings();
            b.append(p.outcome().failed() ? "<tr class=\"fail\">" : "<tr>").append("<td>").append(esc(p.phase().label()))
                    .append("</td><td>revision&#160;").append(p.toRevision()).append("</td><td>")
                    .append(t.toAvailable().map(DrillHtmlReport::fmt).orElse(p.scaledUp() ? "not reached" : "none (warm)")).append("</td><td>")
                    .append(t.toTrafficWrite().map(DrillHtmlReport::fmt).orElse("&#8212;")).append("</td><td>")
                    .append(t.writeToVerified().map(DrillHtmlReport::fmt).orElse("&#8212;")).append("</td><td>")
                    .append(t.timeToRestore().map(d -> "<b>" + fmt(d) + "</b>").orElse("&#8212;")).append("</td><td>")
                    .append(fmt(p.target())).append("</td><td>").append(badge(p.outcome())).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String gates(DrillResult r) {
        StringBuilder b = new StringBuilder("<table><tr><th>phase</th><th>when</th><th>gate</th><th>verdict</th><th>evidence</th></tr>\n");
        for (DrillPhaseResult p : r.phases()) {
            gateRows(b, p, "before switch", p.gatesBefore());
            gateRows(b, p, "after switch", p.gatesAfter());
        }
        return b.append("</table>\n").toString();
    }

    private static void gateRows(StringBuilder b, DrillPhaseResult p, String when, List<GateResult> results) {
        for (GateResult g : results) {
            boolean pass = g.verdict() == Verdict.PASS;
            b.append(pass ? "<tr>" : "<tr class=\"fail\">").append("<td>").append(esc(p.phase().label())).append("</td><td>").append(when)
                    .append("</td><td>").append(esc(g.gate())).append("</td><td><span class=\"badge ").append(pass ? "PASSED" : "FAILED")
                    .append("\">").append(g.verdict().name()).append("</span></td><td class=\"ev\">").append(esc(g.evidence())).append("</td></tr>\n");
        }
    }

    private static String badge(DrillOutcome o) {
        return "<span class=\"badge " + o.name() + "\">" + o.name() + "</span>";
    }

    private static String fmt(Duration d) {
        return esc(ReportDurations.format(d));
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
