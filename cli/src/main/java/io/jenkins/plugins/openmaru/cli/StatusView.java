package io.jenkins.plugins.openmaru.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.openmaru.engine.RolloutNarrator;
import io.jenkins.plugins.openmaru.engine.StatusDocument;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code status}, {@code history} and the rollout commands print: the status document
 * ({@link StatusDocument}, the same for every reader) as JSON or as text.
 */
final class StatusView {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private StatusView() {}

    /** {@code {"app","namespace","releases":[...]}}: the releases of the status document, newest first. */
    static Map<String, Object> history(AppRef app, DeliveryState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", app.app());
        out.put("namespace", app.namespace());
        out.put("releases", StatusDocument.releases(s));
        return out;
    }

    static void printJson(PrintWriter out, Object document) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        out.flush();
    }

    static void printStatusText(PrintWriter out, Map<String, Object> status, DeliveryState s) {
        field(out, "app", status.get("namespace") + "/" + status.get("app"));
        field(out, "host", status.get("host") == null ? "(no Route host)" : status.get("host"));
        field(out, "phase", status.get("phase") + (status.get("strategy") == null ? "" : " (" + status.get("strategy") + ")"));
        field(out, "stable", describe(status.get("stable")));
        if (status.get("candidate") != null) {
            field(out, "candidate", describe(status.get("candidate")) + ", weight " + status.get("weight") + "%");
            String step = RolloutNarrator.stepHeader(s.rollout());
            if (!step.isEmpty()) {
                field(out, "step", step);
            }
        }
        if (status.get("bakeEndsAt") instanceof String end) {
            Duration left = Duration.between(Instant.now(), Instant.parse(end));
            field(out, "bake", "until " + TIME.format(Instant.parse(end)) + " UTC (" + (left.isNegative() ? "due now" : Durations.format(left.truncatedTo(ChronoUnit.SECONDS)) + " left")
                    + "); " + describe(status.get("previous")) + " stays warm for a one-write rollback");
        }
        if (status.get("message") != null) {
            field(out, "message", status.get("message"));
        }
        if (status.get("driver") != null) {
            field(out, "driver", status.get("driver"));
        }
        out.flush();
    }

    /** One {@code name  value} line, the value wrapped under itself to fit an 80-column terminal (a word wider than that, such as an image, too). */
    private static void field(PrintWriter out, String name, Object value) {
        RolloutNarrator.wrap(String.format("%-10s ", name), String.valueOf(value)).forEach(out::println);
    }

    private static String describe(Object slot) {
        if (!(slot instanceof Map<?, ?> m)) {
            return "none";
        }
        // A rolling release has no slot key: it runs in Deployment <app>.
        return m.get("image") + (m.get("slot") == null ? "" : " in slot " + m.get("slot"))
                + (m.get("revision") == null ? "" : ", revision " + m.get("revision"));
    }

    /**
     * The releases as a table for an 80-column terminal: the image last, since only it can be long, times to
     * the second, and each comment wrapped on indented lines below its release.
     */
    static void printHistoryText(PrintWriter out, Map<String, Object> history) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> releases = (List<Map<String, Object>>) history.get("releases");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REV", "OUTCOME", "TIME (UTC)", "ACTOR", "IMAGE"});
        for (Map<String, Object> r : releases) {
            rows.add(new String[] {String.valueOf(r.get("revision")), String.valueOf(r.get("outcome")),
                TIME.format(Instant.parse((String) r.get("at"))), String.valueOf(r.get("actor")), String.valueOf(r.get("image"))});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
            }
            out.println(line.append(row[4]));
            Object comment = i == 0 ? "" : releases.get(i - 1).get("comment");
            if (comment != null && !comment.toString().isEmpty()) {
                RolloutNarrator.wrap("    ", comment.toString()).forEach(out::println);
            }
        }
        out.flush();
    }
}
