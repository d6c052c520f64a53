package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads canary steps written as maps, the way a Jenkinsfile (or a YAML/JSON file for the CLI) spells
 * them: {@code [[weight: 10], [pause: '2m'], [weight: 50, analysis: 'http-success-rate'], [pause: 'manual']]}.
 * A map with both {@code weight} and {@code analysis} is a weight step followed by an analysis step.
 * Errors name the entry as the user wrote it, e.g. {@code steps[2].weight}.
 */
public final class CanaryStepMaps {
    private static final Set<String> KEYS = Set.of("weight", "pause", "analysis");
    private static final Set<String> ANALYSIS_KEYS =
            Set.of("gates", "interval", "count", "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit", "onInconclusive");
    private static final Set<String> INDEFINITE = Set.of("manual", "promote", "forever");

    private CanaryStepMaps() {}

    /** The steps of {@code raw}, a list of maps; validated as a whole by {@link CanarySpec}. */
    public static List<CanaryStep> parse(String field, List<?> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new ValidationException(field, "[]", "at least one step, e.g. [[weight: 10], [pause: '2m'], [weight: 50]]");
        }
        List<CanaryStep> steps = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = field + "[" + i + "]";
            if (!(raw.get(i) instanceof Map<?, ?> entry) || entry.isEmpty()) {
                throw new ValidationException(at, raw.get(i), "a map with weight, pause or analysis, e.g. [weight: 10]");
            }
            for (Object key : entry.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw new ValidationException(at + "." + key, entry.get(key), "one of the keys weight, pause, analysis");
                }
            }
            if (entry.containsKey("pause") && entry.size() > 1) {
                throw new ValidationException(at, entry, "pause on its own, e.g. [pause: '2m'] or [pause: 'manual']");
            }
            if (entry.containsKey("weight")) {
                steps.add(CanaryStep.setWeight(integer(at + ".weight", entry.get("weight"), "an integer from 1 to 100")));
            }
            if (entry.containsKey("pause")) {
                steps.add(pause(at + ".pause", entry.get("pause")));
            }
            if (entry.containsKey("analysis")) {
                steps.add(analysis(at + ".analysis", entry.get("analysis")));
            }
        }
        return steps;
    }

    private static CanaryStep.Pause pause(String field, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (INDEFINITE.contains(text.toLowerCase(Locale.ROOT))) {
            return CanaryStep.pause();
        }
        return CanaryStep.pause(Durations.of(field, value instanceof CharSequence ? text : value));
    }

    /**
     * An analysis is one gate (compact form, or a preset name on its own), a list of them, or a map with
     * {@code gates} and the policy's fields.
     */
    public static CanaryStep.Analysis analysis(String field, Object value) {
        if (value instanceof Map<?, ?> m) {
            AnalysisPolicy policy = policy(field, m);
            if (!m.containsKey("gates")) {
                throw new ValidationException(field + ".gates", "none", "a gate or a list of gates, e.g. gates: ['http:/health']");
            }
            return CanaryStep.analysis(policy, gates(field + ".gates", m.get("gates")));
        }
        return CanaryStep.analysis(AnalysisPolicy.DEFAULT, gates(field, value));
    }

    /** One gate (compact form, preset name or a map with {@code kind}) or a list of them. */
    public static List<GateSpec> gates(String field, Object value) {
        List<?> items = value instanceof List<?> l ? l : List.of(value == null ? "" : value);
        if (items.isEmpty()) {
            throw new ValidationException(field, "[]", "at least one gate, e.g. 'http:/health' or 'http-success-rate'");
        }
        List<GateSpec> gates = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = items.size() == 1 && !(value instanceof List) ? field : field + "[" + i + "]";
            gates.add(gate(at, items.get(i)));
        }
        return gates;
    }

    private static GateSpec gate(String field, Object item) {
        if (item instanceof Map<?, ?> m) {
            Map<String, String> params = new LinkedHashMap<>();
            m.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            String kind = params.remove("kind");
            if (kind == null) {
                throw new ValidationException(field + ".kind", "none", "a gate kind such as http or prometheus");
            }
            return withField(field, () -> new GateSpec(kind, params));
        }
        String text = item == null ? "" : item.toString().trim();
        for (GatePreset p : GatePreset.values()) {
            if (p.id().equals(text)) {
                return p.spec();
            }
        }
        return withField(field, () -> GateSpec.parse(text));
    }

    /** The policy fields of an analysis map ({@code interval}, {@code count}, ...); a {@code gates} key is left to the caller. */
    public static AnalysisPolicy policy(String field, Map<?, ?> m) {
        for (Object key : m.keySet()) {
            if (!ANALYSIS_KEYS.contains(String.valueOf(key))) {
                throw new ValidationException(field + "." + key, m.get(key), "one of " + ANALYSIS_KEYS);
            }
        }
        AnalysisPolicy d = AnalysisPolicy.DEFAULT;
        Duration interval = m.containsKey("interval") ? Durations.of(field + ".interval", m.get("interval")) : d.interval();
        String on = m.containsKey("onInconclusive") ? String.valueOf(m.get("onInconclusive")).toUpperCase(Locale.ROOT) : d.onInconclusive().name();
        AnalysisPolicy.OnInconclusive onInconclusive;
        try {
            onInconclusive = AnalysisPolicy.OnInconclusive.valueOf(on);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field + ".onInconclusive", m.get("onInconclusive"), "pause or abort");
        }
        return withField(field, () -> AnalysisPolicy.builder().interval(interval)
                .count(optionalInteger(field + ".count", m, "count", d.count()))
                .failureLimit(optionalInteger(field + ".failureLimit", m, "failureLimit", d.failureLimit()))
                .inconclusiveLimit(optionalInteger(field + ".inconclusiveLimit", m, "inconclusiveLimit", d.inconclusiveLimit()))
                .consecutiveErrorLimit(optionalInteger(field + ".consecutiveErrorLimit", m, "consecutiveErrorLimit", d.consecutiveErrorLimit()))
                .onInconclusive(onInconclusive).build());
    }

    private static int optionalInteger(String field, Map<?, ?> m, String key, int fallback) {
        return m.containsKey(key) ? integer(field, m.get(key), "an integer") : fallback;
    }

    private static int integer(String field, Object value, String allowed) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long n = ((Number) value).longValue();
            if (n == (int) n) {
                return (int) n;
            }
        }
        if (value instanceof CharSequence s && s.toString().trim().matches("-?\\d{1,9}")) {
            return Integer.parseInt(s.toString().trim());
        }
        throw new ValidationException(field, value, allowed);
    }

    /** Prefixes a nested validation error with where the user wrote the value, e.g. {@code steps[2].analysis}. */
    private static <T> T withField(String field, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (ValidationException e) {
            if (e.field().startsWith(field)) {
                throw e;
            }
            throw new ValidationException(field + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }
}
