package io.jenkins.plugins.openmaru.engine.drill;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as the HTML report shows them: {@code 679 ms}, {@code 1.087 s}, {@code 2 min}. Exact to the
 * millisecond, like the JSON report's millis, and never {@code 1s87ms}, which reads like 1.87 s.
 */
final class ReportDurations {
    private ReportDurations() {}

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return seconds(ms) + " s";
        }
        long minutes = ms / 60_000;
        long rest = ms % 60_000;
        String head = minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        return rest == 0 ? head : head + " " + seconds(rest) + " s";
    }

    private static String seconds(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }
}
