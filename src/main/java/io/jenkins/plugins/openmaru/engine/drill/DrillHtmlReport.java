package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillTimings;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drill as one self-contained HTML page: a timeline chart of each phase (inline SVG, no scripts,
 * nothing loaded from elsewhere) against the target, then the measurements and gate evidence.
 */
public final class DrillHtmlReport {
    private static final int WIDTH = 760;
    private static final int LABEL = 170;
    private static final int ROW = 46;
    private static final int TOP = 30;

    /** One coloured stretch of a phase's timeline. */
    private record Segment(String name, String colour, Instant from, Instant to) {}

    private static final String[][] LEGEND = {
        {"scale-up", "#9ecae1"}, {"gates before switch", "#fdae6b"}, {"traffic write", "#4292c6"},
        {"read-back", "#08519c"}, {"gates after switch", "#74c476"}};

    private DrillHtmlReport() {}

    public static String render(DrillResult r) {
        StringBuilder b = new StringBuilder(8192);
        String title = "Rollback drill " + r.app() + (r.plan().environment().isEmpty() ? "" : " (" + r.plan().environment() + ")");
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:900px}\n")
                .append(".badge{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}\n")
                .append(".PASSED{background:#2e7d32}.FAILED{background:#c62828}.ABORTED{background:#e65100}.PLANNED,.SKIPPED{background:#546e7a}\n")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f3f3f3}.muted{color:#666}code{font-size:90%}\n</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append(" <span class=\"badge ").append(r.outcome().name()).append("\">")
                .append(r.outcome().name()).append("</span></h1>\n");
        b.append("<p>").append(esc(r.message())).append("</p>\n");
        b.append("<p class=\"muted\">").append(esc(r.id())).append(" by ").append(esc(r.actor())).append(", ").append(esc(r.startedAt().toString()))
                .append(" to ").append(esc(r.finishedAt().toString())).append("; target ").append(esc(Durations.format(r.plan().maxTimeToRestore())))
                .append(" per restore</p>\n");
        if (!r.phases().isEmpty()) {
            b.append("<h2>Timeline</h2>\n").append(svg(r));
            b.append("<h2>Measurements</h2>\n").append(measurements(r));
            b.append("<h2>Gates</h2>\n").append(gates(r));
        }
        b.append("<h2>Plan</h2>\n<ol>\n");
        r.plan().steps().forEach(s -> b.append("<li>").append(esc(s)).append("</li>\n"));
        b.append("</ol>\n</body></html>\n");
        return b.toString();
    }

    static String svg(DrillResult r) {
        List<DrillPhaseResult> phases = r.phases();
        long target = r.plan().maxTimeToRestore().toMillis();
        long longest = 1;
        for (DrillPhaseResult p : phases) {
            for (Segment s : segments(p)) {
                longest = Math.max(longest, Duration.between(p.timings().decisionAt(), s.to()).toMillis());
            }
        }
        // A target far beyond the measured times would squash the bars to slivers: it is then marked at the edge.
        boolean targetOnScale = target <= 3 * longest;
        long scaleMillis = Math.max(1, (targetOnScale ? Math.max(longest, target) : longest) * 11 / 10);
        int plot = WIDTH - LABEL - 20;
        int height = TOP + phases.size() * ROW + 60;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"drill timeline\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n");
        for (int i = 0; i <= 5; i++) {
            long ms = scaleMillis * i / 5;
            double x = LABEL + plot * (double) ms / scaleMillis;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>", x, TOP - 8, x, TOP + phases.size() * ROW));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n", x, TOP - 12,
                    esc(Durations.format(Duration.ofMillis(ms)))));
        }
        for (int i = 0; i < phases.size(); i++) {
            DrillPhaseResult p = phases.get(i);
            int y = TOP + i * ROW;
            b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>", y + 18, esc(p.phase().label() + " to rev " + p.toRevision())));
            b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" fill=\"%s\" font-weight=\"bold\">%s</text>\n", y + 34,
                    p.outcome().failed() ? "#c62828" : "#2e7d32", p.outcome().name()));
            for (Segment s : segments(p)) {
                double x1 = LABEL + plot * (double) Duration.between(p.timings().decisionAt(), s.from()).toMillis() / scaleMillis;
                double x2 = LABEL + plot * (double) Duration.between(p.timings().decisionAt(), s.to()).toMillis() / scaleMillis;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"24\" fill=\"%s\"><title>%s</title></rect>\n",
                        x1, y + 6, Math.max(1.0, x2 - x1), s.colour(), esc(s.name() + ": " + Durations.format(Duration.between(s.from(), s.to())))));
            }
            long scale = scaleMillis;
            p.timings().timeToRestore().ifPresent(d -> b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>\n",
                    Math.min(WIDTH - 130.0, LABEL + plot * (double) d.toMillis() / scale + 4), y + 44, esc("restored in " + Durations.format(d)))));
            if (p.outcome() == DrillOutcome.ABORTED) {
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#e65100\">%s</text>\n", LABEL + 4, y + 44,
                        esc("abandoned before any traffic moved")));
            }
        }
        int bottom = TOP + phases.size() * ROW;
        String targetText = "target " + Durations.format(r.plan().maxTimeToRestore());
        if (targetOnScale) {
            double tx = LABEL + plot * (double) target / scaleMillis;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                    tx, TOP - 4, tx, bottom));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#c62828\" text-anchor=\"middle\">%s</text>\n", tx, bottom + 14,
                    esc(targetText)));
        } else {
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#2e7d32\" text-anchor=\"end\">%s</text>\n", WIDTH - 4, bottom + 14,
                    esc(targetText + " (off this scale) \u2192")));
        }
        int lx = 4;
        for (String[] l : LEGEND) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    lx, bottom + 30, l[1], lx + 16, bottom + 40, esc(l[0])));
            lx += 16 + 7 * l[0].length() + 18;
        }
        b.append("\n</svg>\n");
        return b.toString();
    }

    private static List<Segment> segments(DrillPhaseResult p) {
        DrillTimings t = p.timings();
        List<Segment> out = new ArrayList<>();
        Instant at = t.decisionAt();
        if (t.availableAt() != null) {
            out.add(new Segment(LEGEND[0][0], LEGEND[0][1], at, t.availableAt()));
            at = t.availableAt();
        }
        Instant before = t.checkedAt() != null ? t.checkedAt() : lastAt(p.gatesBefore());
        if (before != null) {
            out.add(new Segment(LEGEND[1][0], LEGEND[1][1], at, before));
            at = before;
        }
        if (t.trafficWrittenAt() != null) {
            out.add(new Segment(LEGEND[2][0], LEGEND[2][1], at, t.trafficWrittenAt()));
            at = t.trafficWrittenAt();
        }
        if (t.verifiedAt() != null) {
            out.add(new Segment(LEGEND[3][0], LEGEND[3][1], at, t.verifiedAt()));
            at = t.verifiedAt();
        }
        Instant after = lastAt(p.gatesAfter());
        if (after != null && after.isAfter(at)) {
            out.add(new Segment(LEGEND[4][0], LEGEND[4][1], at, after));
        }
        return out;
    }

    private static Instant lastAt(List<GateResult> results) {
        return results.isEmpty() ? null : results.get(results.size() - 1).at();
    }

    private static String measurements(DrillResult r) {
        StringBuilder b = new StringBuilder("<table><tr><th>phase</th><th>release</th><th>scale-up</th><th>decision &#8594; traffic write</th>"
                + "<th>write &#8594; verified</th><th>time to restore</th><th>outcome</th></tr>\n");
        for (DrillPhaseResult p : r.phases()) {
            DrillTimings t = p.timings();
            b.append("<tr><td>").append(esc(p.phase().label())).append("</td><td>revision ").append(p.toRevision()).append("<br><code>")
                    .append(esc(p.image())).append("</code></td><td>")
                    .append(t.toAvailable().map(DrillHtmlReport::fmt).orElse(p.scaledUp() ? "not reached" : "warm, none")).append("</td><td>")
                    .append(t.toTrafficWrite().map(DrillHtmlReport::fmt).orElse("&#8212;")).append("</td><td>")
                    .append(t.writeToVerified().map(DrillHtmlReport::fmt).orElse("&#8212;")).append("</td><td>")
                    .append(t.timeToRestore().map(DrillHtmlReport::fmt).orElse("&#8212;")).append(" / ").append(fmt(p.target())).append("</td><td>")
                    .append("<span class=\"badge ").append(p.outcome().name()).append("\">").append(p.outcome().name()).append("</span><br>")
                    .append(esc(p.message())).append("</td></tr>\n");
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
            b.append("<tr><td>").append(esc(p.phase().label())).append("</td><td>").append(when).append("</td><td>").append(esc(g.gate()))
                    .append("</td><td><span class=\"badge ").append(g.verdict() == Verdict.PASS ? "PASSED" : "FAILED").append("\">")
                    .append(g.verdict().name()).append("</span></td><td>").append(esc(g.evidence())).append("</td></tr>\n");
        }
    }

    private static String fmt(Duration d) {
        return esc(Durations.format(d));
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
