package io.jenkins.plugins.openmaru.sandbox.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo's outcome: each chapter, which router served and the requests it sent to each version
 * over the whole demo, and how long it all took. {@link #ok()} only when every chapter went as the story says.
 */
public record DemoReport(List<ChapterResult> chapters, String router, Map<String, Long> servedByVersion, Duration took) {

    public DemoReport {
        chapters = List.copyOf(chapters);
        servedByVersion = Map.copyOf(servedByVersion);
    }

    public boolean ok() {
        return !chapters.isEmpty() && chapters.stream().allMatch(ChapterResult::ok);
    }

    /** The closing table. */
    public String table() {
        StringBuilder b = new StringBuilder();
        int width = Math.max(30, chapters.stream().mapToInt(c -> c.title().length()).max().orElse(0));
        String row = "  %-3s %-" + width + "s  %-26s  %-26s  %7s%n";
        b.append(String.format(row, "", "chapter", "expected", "happened", "time"));
        for (ChapterResult c : chapters) {
            b.append(String.format(row, c.ok() ? "ok" : "BAD", c.title(), c.expected(), c.actual(), seconds(c.took())));
        }
        b.append(String.format("%n  requests the router (%s) served, per version:%n", router));
        servedByVersion.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(String.format("    %-40s %6d%n", e.getKey(), e.getValue())));
        b.append(String.format("%n  %s in %s%n", ok() ? "Every outcome was as expected" : "Some outcomes were NOT as expected", seconds(took)));
        return b.toString();
    }

    /** {@code 7.0 s}, or milliseconds below a second, where a one-write rollback lands. */
    static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
