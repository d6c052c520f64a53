package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillTimings;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The drill report's timeline chart as inline SVG: a bar per phase coloured by step, a mark where the
 * restore was verified, and the target. Labels are placed from an estimate of their width, so that none
 * overlaps another or leaves the chart, whether a restore took 200 ms or 4 s.
 */
final class DrillTimeline {
    static final int WIDTH = 760;
    /** Average advance of one character of the chart's 12px sans-serif text, generous for wide fonts such as DejaVu Sans. */
    static final double CHAR_WIDTH = 7.2;
    private static final int LABEL = 170;
    // Room right of the plot for half of the last tick's label.
    private static final int RIGHT = 40;
    private static final int PLOT = WIDTH - LABEL - RIGHT;
    private static final int TOP = 34;
    private static final int ROW = 52;
    private static final String HALO = " stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\"";

    /** One coloured stretch of a phase's timeline. */
    private record Segment(String name, String colour, Instant from, Instant to) {}

    private static final String[][] STEPS = {
        {"scale-up", "#9ecae1"}, {"gates before switch", "#fdae6b"}, {"traffic write", "#4292c6"},
        {"read-back", "#08519c"}, {"gates after switch", "#74c476"}};
    private static final String VERIFIED = "verified (time to restore)";

    private final StringBuilder out = new StringBuilder();
    private final long scaleMillis;

    private DrillTimeline(long scaleMillis) {
        this.scaleMillis = scaleMillis;
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
        // A target far beyond the measured times would squash the bars to slivers: it is then named at the edge instead.
        boolean targetOnScale = target <= 3 * longest;
        long span = targetOnScale ? Math.max(longest, target) : longest;
        long step = tickStep(span);
        DrillTimeline t = new DrillTimeline(Math.max(step, (span + step - 1) / step * step));
        return t.render(r, step, targetOnScale);
    }

    /** Round steps for the axis: 1-2-5 milliseconds and seconds, then steps a clock reads easily. */
    private static final long[] STEPS_MILLIS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
        120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000};

    /** The smallest round step that divides the span into at most five intervals. */
    static long tickStep(long spanMillis) {
        for (long step : STEPS_MILLIS) {
            if ((spanMillis + step - 1) / step <= 5) {
                return step;
            }
        }
        long day = STEPS_MILLIS[STEPS_MILLIS.length - 1];
        return (spanMillis / 5 / day + 1) * day;
    }

    static double textWidth(String text) {
        return text.length() * CHAR_WIDTH;
    }

    private String render(DrillResult r, long step, boolean targetOnScale) {
        List<DrillPhaseResult> phases = r.phases();
        int bottom = TOP + phases.size() * ROW;
        List<String> legend = new ArrayList<>();
        for (String[] s : STEPS) {
            legend.add(s[0]);
        }
        legend.add(VERIFIED);
        List<double[]> places = legendPlaces(legend, bottom + 32);
        int height = (int) places.get(places.size() - 1)[1] + 24;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" style=\"width:100%;height:auto;max-width:").append(WIDTH).append("px\" role=\"img\" aria-label=\"drill timeline\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n");
        for (long ms = 0; ms <= scaleMillis; ms += step) {
            double x = x(ms);
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>", x, TOP - 6, x, bottom));
            text(x, TOP - 12, "middle", "#666", ms == 0 ? "0" : ReportDurations.format(Duration.ofMillis(ms)), "");
        }
        for (int i = 0; i < phases.size(); i++) {
            phase(phases.get(i), TOP + i * ROW);
        }
        target(r.plan().maxTimeToRestore(), targetOnScale, bottom, r.phases().stream().anyMatch(DrillPhaseResult::exceededTarget));
        legend(legend, places);
        return out.append("\n</svg>\n").toString();
    }

    private void phase(DrillPhaseResult p, int y) {
        text(4, y + 16, "start", "#222", fit(p.phase().label() + " to rev " + p.toRevision(), LABEL - 8), "");
        text(4, y + 32, "start", colour(p.outcome()), p.outcome().name(), " font-weight=\"bold\"");
        for (Segment s : segments(p)) {
            double x1 = x(Duration.between(p.timings().decisionAt(), s.from()).toMillis());
            double x2 = x(Duration.between(p.timings().decisionAt(), s.to()).toMillis());
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"><title>%s</title></rect>\n",
                    x1, y + 4, Math.max(1.0, x2 - x1), s.colour(),
                    DrillHtmlReport.esc(s.name() + ": " + ReportDurations.format(Duration.between(s.from(), s.to())))));
        }
        String note = "";
        String noteColour = "#222";
        double noteX = LABEL;
        Optional<Duration> restore = p.timings().timeToRestore();
        if (restore.isPresent()) {
            double vx = x(restore.get().toMillis());
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>",
                    vx, y + 1, vx, y + 27));
            note = "restored in " + ReportDurations.format(restore.get())
                    + (p.exceededTarget() ? ", over the " + ReportDurations.format(p.target()) + " target" : "")
                    + failedGate(p.gatesAfter()).map(g -> "; gate " + g.gate() + " failed after the switch").orElse("");
            noteColour = p.outcome().failed() ? colour(p.outcome()) : "#222";
            noteX = vx + 4;
        } else if (p.outcome() == DrillOutcome.ABORTED) {
            note = failedGate(p.gatesBefore()).map(g -> "gate " + g.gate() + " failed: ").orElse("") + "abandoned before any traffic moved";
            noteColour = colour(p.outcome());
        } else if (p.outcome() == DrillOutcome.SKIPPED) {
            note = "not run: " + p.message();
            noteColour = colour(p.outcome());
        }
        if (!note.isEmpty()) {
            String shown = fit(note, WIDTH - 4 - LABEL);
            text(Math.max(LABEL, Math.min(noteX, WIDTH - 4 - textWidth(shown))), y + 42, "start", noteColour, shown, HALO);
        }
    }

    private void target(Duration target, boolean onScale, int bottom, boolean exceeded) {
        String label = "target " + ReportDurations.format(target);
        if (onScale) {
            double tx = x(target.toMillis());
            out.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                    tx, TOP - 4, tx, bottom + 4));
            double half = textWidth(label) / 2;
            text(Math.max(half + 4, Math.min(tx, WIDTH - 4 - half)), bottom + 18, "middle", "#c62828",
                    label + (exceeded ? " (exceeded)" : ""), HALO);
        } else {
            text(WIDTH - 4, bottom + 18, "end", "#555", label + ": beyond this scale \u2192", "");
        }
    }

    /** Where each legend entry goes: left to right, wrapping to a new line when the next one would leave the chart. */
    private static List<double[]> legendPlaces(List<String> names, int top) {
        List<double[]> places = new ArrayList<>();
        double x = 4;
        int y = top;
        for (String n : names) {
            double w = 16 + textWidth(n);
            if (x + w > WIDTH - 4) {
                x = 4;
                y += 20;
            }
            places.add(new double[] {x, y});
            x += w + 18;
        }
        return places;
    }

    private void legend(List<String> names, List<double[]> places) {
        for (int i = 0; i < names.size(); i++) {
            double x = places.get(i)[0];
            int y = (int) places.get(i)[1];
            if (i < STEPS.length) {
                out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, y, STEPS[i][1]));
            } else {
                out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>",
                        x + 6, y - 1, x + 6, y + 13));
            }
            text(x + 16, y + 10, "start", "#222", names.get(i), "");
        }
    }

    private void text(double x, int y, String anchor, String fill, String text, String extra) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>\n",
                x, y, anchor, fill, extra, DrillHtmlReport.esc(text)));
    }

    private double x(long millis) {
        return LABEL + PLOT * (double) millis / scaleMillis;
    }

    private static String fit(String text, double width) {
        int max = (int) (width / CHAR_WIDTH);
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "\u2026";
    }

    static String colour(DrillOutcome o) {
        return switch (o) {
            case PASSED -> "#2e7d32";
            case FAILED -> "#c62828";
            case ABORTED -> "#e65100";
            case SKIPPED, PLANNED -> "#546e7a";
        };
    }

    static Optional<GateResult> failedGate(List<GateResult> results) {
        return results.stream().filter(g -> g.verdict() != Verdict.PASS).findFirst();
    }

    private static List<Segment> segments(DrillPhaseResult p) {
        DrillTimings t = p.timings();
        List<Segment> out = new ArrayList<>();
        Instant at = t.decisionAt();
        if (t.availableAt() != null) {
            out.add(new Segment(STEPS[0][0], STEPS[0][1], at, t.availableAt()));
            at = t.availableAt();
        }
        Instant before = t.checkedAt() != null ? t.checkedAt() : lastAt(p.gatesBefore());
        if (before != null) {
            out.add(new Segment(STEPS[1][0], STEPS[1][1], at, before));
            at = before;
        }
        if (t.trafficWrittenAt() != null) {
            out.add(new Segment(STEPS[2][0], STEPS[2][1], at, t.trafficWrittenAt()));
            at = t.trafficWrittenAt();
        }
        if (t.verifiedAt() != null) {
            out.add(new Segment(STEPS[3][0], STEPS[3][1], at, t.verifiedAt()));
            at = t.verifiedAt();
        }
        Instant after = lastAt(p.gatesAfter());
        if (after != null && after.isAfter(at)) {
            out.add(new Segment(STEPS[4][0], STEPS[4][1], at, after));
        }
        return out;
    }

    private static Instant lastAt(List<GateResult> results) {
        return results.isEmpty() ? null : results.get(results.size() - 1).at();
    }
}
