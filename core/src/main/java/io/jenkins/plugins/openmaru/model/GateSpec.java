package io.jenkins.plugins.openmaru.model;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate as the user wrote it: a kind ({@code readiness}, {@code http}, {@code prometheus},
 * {@code compare}, {@code webhook}, {@code manual}, {@code pipeline}) and its parameters. Validated here, once,
 * so a bad gate fails before anything is written to the cluster. {@link GateKind} lists the
 * parameters of each kind; {@link #parse} reads the compact form the CLI uses.
 */
public record GateSpec(String kind, Map<String, String> params) {

    private static final Pattern COMPARISON = Pattern.compile("(?s)(.+?)\\s*(<=|>=|<|>)\\s*([-+0-9.eE]+)\\s*");

    public GateSpec {
        Objects.requireNonNull(kind, "gate kind");
        GateKind k = GateKind.of(kind);
        kind = k.id();
        params = Map.copyOf(params == null ? Map.of() : params);
        k.validate(params);
    }

    public static GateSpec readiness() {
        return new GateSpec("readiness", Map.of());
    }

    public static GateSpec http(String path, double minSuccessRatio) {
        return new GateSpec("http", Map.of("path", path, "minSuccessRatio", Double.toString(minSuccessRatio)));
    }

    /** @param op one of {@code <}, {@code <=}, {@code >}, {@code >=}: the comparison a healthy value satisfies */
    public static GateSpec prometheus(String query, String op, double threshold) {
        return new GateSpec("prometheus", Map.of("query", query, "op", op, "threshold", Double.toString(threshold)));
    }

    /** @param direction which change of the candidate's values is bad: increase, decrease or either */
    public static GateSpec compare(String query, String direction, double effectSize) {
        return new GateSpec("compare", Map.of("query", query, "direction", direction, "effectSize", Double.toString(effectSize)));
    }

    public static GateSpec webhook(URI url) {
        return new GateSpec("webhook", Map.of("url", url.toString()));
    }

    /** A pause until someone promotes or aborts. */
    public static GateSpec manual() {
        return new GateSpec("manual", Map.of());
    }

    /** @param onTimeout {@code abort} or {@code promote}: what happens when nobody decides in time */
    public static GateSpec manual(Duration timeout, String onTimeout) {
        return new GateSpec("manual", Map.of("timeout", Durations.format(timeout), "onTimeout", onTimeout));
    }

    /**
     * Reads the compact form, one per kind as {@link GateKind#compactForm()} shows it, or {@code preset:NAME[:THRESHOLD]}.
     * The switch has no default, so a new kind does not compile until its compact form is read here.
     */
    public static GateSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("gate", text, "a gate such as http:/health or prometheus:QUERY<0.05");
        }
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        String kind = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String rest = colon < 0 ? "" : trimmed.substring(colon + 1);
        if (kind.equals("preset")) {
            return GatePreset.parse(rest);
        }
        GateKind k = GateKind.of(kind);
        Map<String, String> params = switch (k) {
            case READINESS, PIPELINE -> {
                if (!rest.isEmpty()) {
                    throw compactFormExpected(k, rest);
                }
                yield Map.of();
            }
            case HTTP -> {
                int last = rest.lastIndexOf(':');
                boolean ratio = last > 0 && rest.substring(last + 1).matches("[0-9.]+");
                yield ratio ? Map.of("path", rest.substring(0, last), "minSuccessRatio", rest.substring(last + 1)) : Map.of("path", rest);
            }
            case PROMETHEUS -> {
                Matcher m = COMPARISON.matcher(rest);
                if (!m.matches()) {
                    throw new ValidationException("gate.prometheus", rest, k.compactForm() + " with op one of <, <=, >, >=, e.g. prometheus:up{job=\"shop\"}>=1");
                }
                yield Map.of("query", m.group(1), "op", m.group(2), "threshold", m.group(3));
            }
            case COMPARE -> Map.of("query", rest);
            case WEBHOOK -> Map.of("url", rest);
            case MANUAL -> {
                String[] parts = rest.isEmpty() ? new String[0] : rest.split(":", -1);
                yield switch (parts.length) {
                    case 0 -> Map.of();
                    case 1 -> Map.of("timeout", parts[0]);
                    case 2 -> Map.of("timeout", parts[0], "onTimeout", parts[1]);
                    default -> throw compactFormExpected(k, rest);
                };
            }
        };
        return new GateSpec(kind, params);
    }

    private static ValidationException compactFormExpected(GateKind k, String rest) {
        return new ValidationException("gate." + k.id(), rest, "the compact form " + k.compactForm());
    }

    public GateKind gateKind() {
        return GateKind.of(kind);
    }

    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    /** The parsed value of a parameter, or its default; empty when neither is set. */
    public <T> Optional<T> value(String name, Class<T> type) {
        GateParam p = gateKind().params().get(name);
        if (p == null) {
            throw new IllegalArgumentException("the " + kind + " gate has no parameter " + name);
        }
        String raw = params.getOrDefault(name, p.defaultValue());
        return raw == null ? Optional.empty() : Optional.of(type.cast(p.read(kind, raw)));
    }

    /** The parsed value of a required parameter or one with a default. */
    public <T> T require(String name, Class<T> type) {
        return value(name, type).orElseThrow(() -> new IllegalStateException("no value and no default for " + kind + "." + name));
    }

    /** How logs, the UI and the evidence call this gate: its {@code name}, or a summary without secrets. */
    public String displayName() {
        String name = params.get("name");
        if (name != null) {
            return name;
        }
        return switch (gateKind()) {
            case READINESS, MANUAL, PIPELINE -> kind;
            case HTTP -> kind + ":" + params.get("path");
            case PROMETHEUS -> kind + ":" + params.get("query") + params.get("op") + params.get("threshold");
            case COMPARE -> kind + ":" + params.get("query");
            case WEBHOOK -> kind + ":" + GateParam.redact(require("url", URI.class));
        };
    }
}
