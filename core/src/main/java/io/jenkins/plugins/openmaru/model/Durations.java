package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write: {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 500ms}, or ISO-8601 {@code PT2M}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(?:\\.(\\d{1,3}))?(ms|s|m|h|d)");
    private static final String ALLOWED = "a non-negative duration such as 500ms, 30s, 1.5s, 2m, 1h30m or PT2M";

    private Durations() {}

    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(field, text, ALLOWED);
        }
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("-P")) {
            try {
                return requireNonNegative(field, Duration.parse(t));
            } catch (DateTimeParseException e) {
                throw new ValidationException(field, text, ALLOWED);
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            if (m.group(2) != null) {
                if (!m.group(3).equals("s")) {
                    throw new ValidationException(field, text, ALLOWED);
                }
                total = total.plusMillis(Long.parseLong((m.group(2) + "00").substring(0, 3)));
            }
            total = total.plus(switch (m.group(3)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new ValidationException(field, text, ALLOWED);
        }
        return total;
    }

    /**
     * A duration as a Jenkinsfile or a JSON file gives it: text as {@link #parse} reads it, or a whole number of seconds
     * ({@code 600}). Text without a unit stays refused: {@code '600'} could mean seconds or minutes.
     */
    public static Duration of(String field, Object value) {
        Long seconds = wholeSeconds(value);
        return seconds != null ? Duration.ofSeconds(seconds) : parse(field, value == null ? null : value.toString());
    }

    /** {@code value} when it is a whole, non-negative number (Groovy's and JSON's integers), else null. */
    public static Long wholeSeconds(Object value) {
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
        return whole && ((Number) value).longValue() >= 0 ? ((Number) value).longValue() : null;
    }

    public static Duration requireNonNegative(String field, Duration d) {
        if (d == null || d.isNegative()) {
            throw new ValidationException(field, d, ALLOWED);
        }
        return d;
    }

    /**
     * The short form users write, which {@link #parse} reads back: {@code 1h30m}, {@code 45s}, {@code 250ms},
     * and milliseconds next to seconds as a decimal fraction ({@code 1.087s}, {@code 2m0.5s}) so they never read as a larger figure.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (ms > 0 && s == 0 && b.isEmpty()) {
            b.append(ms).append("ms");
        } else if (ms > 0) {
            b.append(s).append('.').append(String.format("%03d", ms).replaceAll("0+$", "")).append('s');
        } else if (s > 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }
}
