package io.jenkins.plugins.openmaru.model;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parameter a gate kind accepts: its name, whether it is required, its default and how a
 * value is read. {@link #read} is the only place a gate parameter is parsed.
 *
 * @param allowed what a valid value looks like, for the error message
 */
public record GateParam(String name, boolean required, String defaultValue, String allowed, Function<String, Object> parser) {

    /** The placeholders a query may contain; each is replaced per measurement. */
    public static final List<String> PLACEHOLDERS = List.of("app", "namespace", "slot", "stableSlot", "image", "version");

    /** A {@code .} or {@code ..} path segment, also percent-encoded, before any query. */
    private static final Pattern DOT_SEGMENT = Pattern.compile("^[^?#]*/(\\.|%2[eE]){1,2}(/|[?#]|$)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

    public static GateParam required(String name, String allowed, Function<String, Object> parser) {
        return new GateParam(name, true, null, allowed, parser);
    }

    public static GateParam optional(String name, String defaultValue, String allowed, Function<String, Object> parser) {
        return new GateParam(name, false, defaultValue, allowed, parser);
    }

    /** Parses {@code value}, or throws a ValidationException naming {@code gate.<kind>.<name>}. */
    public Object read(String kind, String value) {
        String field = "gate." + kind + "." + name;
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required; expected " + allowed);
        }
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new ValidationException(field, value, allowed);
        }
    }

    /** A duration as {@link Durations} reads it ({@code 500ms}, {@code 30s}, {@code 1h30m}); never zero. */
    public static Duration duration(String text) {
        Duration d = Durations.parse("duration", text);
        if (d.isZero()) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    static Object finite(String text) {
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    static Function<String, Object> between(double min, double max) {
        return text -> {
            double d = (Double) finite(text);
            if (d < min || d > max) {
                throw new IllegalArgumentException(text);
            }
            return d;
        };
    }

    static Function<String, Object> integer(int min, int max) {
        return text -> {
            int i = Integer.parseInt(text);
            if (i < min || i > max) {
                throw new IllegalArgumentException(text);
            }
            return i;
        };
    }

    static Function<String, Object> oneOf(Set<String> values) {
        return text -> {
            if (!values.contains(text)) {
                throw new IllegalArgumentException(text);
            }
            return text;
        };
    }

    /** A path below the slot's URL: no dot segments, which would leave it (through the API server's service proxy, to other APIs). */
    static Object path(String text) {
        if (!text.startsWith("/") || text.chars().anyMatch(Character::isWhitespace) || DOT_SEGMENT.matcher(text).find()) {
            throw new IllegalArgumentException(text);
        }
        URI.create(text);
        return text;
    }

    static Object httpUrl(String text) {
        URI uri = URI.create(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(text);
        }
        return uri;
    }

    /** A URL as evidence and logs may show it: without user info, query or fragment, which may hold secrets. */
    public static String redact(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getRawPath();
    }

    /** What a valid query looks like, for error messages. */
    static final String QUERY_ALLOWED = "a PromQL query whose placeholders are among "
            + String.join(", ", PLACEHOLDERS.stream().map(p -> "{{" + p + "}}").toList());

    /** A PromQL template: every {{placeholder}} must be one of {@link #PLACEHOLDERS}. */
    static Object query(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException(m.group());
            }
        }
        return text;
    }
}
