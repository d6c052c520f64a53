package io.jenkins.plugins.openmaru.sandbox.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A faults file ({@code openmaru sandbox serve --faults FILE}, format in docs/reliability.md): JSON with a
 * {@code seed} and a list of {@code rules}. Every field is checked before serve starts; a bad one is named
 * as {@code rules[i].field} with the values allowed.
 */
public record FaultRulesFile(long seed, List<FaultRule> rules) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("seed", "rules");
    private static final Set<String> METHODS = Set.of("*", "GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<Integer> STATUSES = Set.of(409, 429, 500, 503);
    private static final Set<String> MATCH = Set.of("method", "path", "first", "times", "every", "probability", "action");
    /** Each action and the fields it takes besides the match fields. */
    private static final Map<String, Set<String>> ACTIONS = Map.of(
            "answer", Set.of("status", "retryAfter"),
            "gone", Set.of(),
            "reset-before", Set.of(),
            "reset-after", Set.of(),
            "delay", Set.of("delay"),
            "cut-watch", Set.of("after"),
            "black-hole", Set.of(),
            "outage", Set.of("duration"));
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    public FaultRulesFile {
        rules = List.copyOf(rules);
    }

    /** Reads and checks {@code file}; a missing or malformed file is bad input too. */
    public static FaultRulesFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ValidationException("--faults", "no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the faults file " + file, e);
        }
    }

    public static FaultRulesFile parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("--faults", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("--faults", "expected a JSON object with \"seed\" and \"rules\"");
        }
        onlyKnown(root, "", TOP);
        long seed = root.has("seed") ? whole(root, "", "seed", Long.MIN_VALUE) : 0;
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray()) {
            throw new ValidationException("rules", "expected a list of rules");
        }
        List<FaultRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(list.get(i), "rules[" + i + "]."));
        }
        return new FaultRulesFile(seed, rules);
    }

    /** Gives {@code target} this file's seed and rules, after any it has. */
    public void applyTo(FaultRules target) {
        target.seed(seed);
        rules.forEach(target::add);
    }

    private static FaultRule rule(JsonNode r, String at) {
        if (!r.isObject()) {
            throw new ValidationException(at.substring(0, at.length() - 1), "expected an object with method, path, action");
        }
        String action = text(r, at, "action");
        Set<String> extra = ACTIONS.get(action);
        if (extra == null) {
            throw new ValidationException(at + "action", action, "one of " + String.join(", ", ACTIONS.keySet().stream().sorted().toList()));
        }
        Set<String> allowed = new HashSet<>(MATCH);
        allowed.addAll(extra);
        onlyKnown(r, at, allowed);
        String method = r.has("method") ? text(r, at, "method").toUpperCase(Locale.ROOT) : "*";
        if (!METHODS.contains(method)) {
            throw new ValidationException(at + "method", method, "one of " + String.join(", ", METHODS.stream().sorted().toList()));
        }
        Pattern path;
        try {
            path = Pattern.compile(text(r, at, "path"));
        } catch (PatternSyntaxException e) {
            throw new ValidationException(at + "path", "not a regular expression: " + e.getDescription());
        }
        int first = r.has("first") ? (int) whole(r, at, "first", 1) : 1;
        int times = times(r, at);
        int every = r.has("every") ? (int) whole(r, at, "every", 1) : 1;
        double probability = probability(r, at);
        return new FaultRule(method, path, first, times, every, probability, fault(r, at, action));
    }

    private static FaultRule.Fault fault(JsonNode r, String at, String action) {
        return switch (action) {
            case "answer" -> answer(r, at);
            case "gone" -> new FaultRule.Gone();
            case "reset-before" -> new FaultRule.ResetBefore();
            case "reset-after" -> new FaultRule.ResetAfter();
            case "delay" -> new FaultRule.Delay(duration(r, at, "delay"));
            case "cut-watch" -> new FaultRule.CutWatch(duration(r, at, "after"));
            case "black-hole" -> new FaultRule.BlackHole();
            default -> new FaultRule.Outage(duration(r, at, "duration"));
        };
    }

    private static FaultRule.Fault answer(JsonNode r, String at) {
        JsonNode s = r.get("status");
        String allowed = "one of " + String.join(", ", STATUSES.stream().sorted().map(String::valueOf).toList())
                + " (410 on watches: action gone)";
        if (s == null || !s.isInt() || !STATUSES.contains(s.intValue())) {
            throw new ValidationException(at + "status", s == null ? "nothing" : s.toString(), allowed);
        }
        if (r.has("retryAfter") && s.intValue() != 429) {
            throw new ValidationException(at + "retryAfter", "only with status 429");
        }
        Duration retryAfter = s.intValue() != 429 ? null : r.has("retryAfter") ? duration(r, at, "retryAfter") : DEFAULT_RETRY_AFTER;
        return FaultRule.answer(s.intValue(), retryAfter);
    }

    private static int times(JsonNode r, String at) {
        JsonNode t = r.get("times");
        if (t != null && t.isTextual() && t.asText().equals("always")) {
            return FaultRule.ALWAYS;
        }
        if (t != null && !t.isIntegralNumber()) {
            throw new ValidationException(at + "times", t.toString(), "a whole number from 1, or \"always\"");
        }
        return t == null ? 1 : (int) whole(r, at, "times", 1);
    }

    private static double probability(JsonNode r, String at) {
        JsonNode p = r.get("probability");
        if (p == null) {
            return 1.0;
        }
        if (!p.isNumber() || !(p.doubleValue() > 0 && p.doubleValue() <= 1)) {
            throw new ValidationException(at + "probability", p.toString(), "a number above 0 and at most 1");
        }
        return p.doubleValue();
    }

    private static Duration duration(JsonNode r, String at, String field) {
        JsonNode d = r.get(field);
        if (d == null || !d.isTextual()) {
            throw new ValidationException(at + field, d == null ? "nothing" : d.toString(), "a duration such as 500ms, 5s or 1m");
        }
        Duration value = Durations.parse(at + field, d.asText());
        if (value.isZero()) {
            throw new ValidationException(at + field, d.asText(), "a duration above zero");
        }
        return value;
    }

    private static String text(JsonNode r, String at, String field) {
        JsonNode t = r.get(field);
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            throw new ValidationException(at + field, "required text is missing");
        }
        return t.asText();
    }

    private static long whole(JsonNode r, String at, String field, long min) {
        JsonNode n = r.get(field);
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < min || (min > Long.MIN_VALUE && n.longValue() > Integer.MAX_VALUE)) {
            throw new ValidationException(at + field, n.toString(), min == Long.MIN_VALUE ? "a whole number" : "a whole number from " + min);
        }
        return n.longValue();
    }

    private static void onlyKnown(JsonNode object, String at, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ValidationException(at + name, "unknown field; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }
}
