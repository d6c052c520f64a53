package io.jenkins.plugins.openmaru.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.engine.RolloutNarrator;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
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
 * What {@code status}, {@code history} and the rollout commands print: the JSON documents of
 * docs/cli.md, and the same facts as text.
 */
final class StatusView {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int COLUMNS = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private StatusView() {}

    /** {@code {"app","namespace","host","phase","strategy","weight","stable":{...},"candidate":{...}|null, ...}}. */
    static Map<String, Object> status(AppRef app, DeliveryState s, String host, String driver) {
        Map<String, Object> out = new LinkedHashMap<>();
        Rollout r = s.rollout();
        // A baking rollout has promoted: its release is the stable one, and no candidate takes a share of traffic.
        boolean inProgress = s.inProgress() && r.phase() != RolloutPhase.BAKING;
        Release serving = s.serving().orElse(null);
        out.put("app", app.app());
        out.put("namespace", app.namespace());
        out.put("host", host);
        out.put("phase", r == null ? (serving == null ? "NONE" : "IDLE") : r.phase().name());
        out.put("strategy", r == null || r.strategy() == null ? null : r.strategy().label());
        out.put("weight", inProgress ? r.weight() : 0);
        Map<String, Object> stable = null;
        if (inProgress && r.hasStable()) {
            stable = slot(r.stableSlot().label(), r.stableImage(), serving == null ? null : serving.revision());
        } else if (!inProgress && serving != null) {
            stable = slot(s.activeSlot() == null ? serving.slot().label() : s.activeSlot().label(), serving.image(), serving.revision());
        }
        out.put("stable", stable);
        out.put("candidate", inProgress ? slot(r.candidateSlot().label(), r.image(), r.revision()) : null);
        out.put("step", inProgress && r.stepCount() > 0 ? (Math.min(r.stepIndex() + 1, r.stepCount())) + "/" + r.stepCount() : null);
        out.put("message", r == null ? null : r.message());
        if (r != null && r.bakeEndsAt() != null) {
            out.put("bakeEndsAt", r.bakeEndsAt().toString());
            out.put("previous", slot(r.stableSlot().label(), r.stableImage(), s.previous().map(Release::revision).orElse(null)));
        }
        out.put("driver", driver);
        return out;
    }

    private static Map<String, Object> slot(String slot, String image, Integer revision) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slot", slot);
        m.put("image", image);
        m.put("revision", revision);
        return m;
    }

    /** {@code {"app","releases":[{"revision","image","outcome","actor","time",...}]}}, newest first. */
    static Map<String, Object> history(AppRef app, DeliveryState s) {
        List<Map<String, Object>> releases = new ArrayList<>();
        for (int i = s.history().size() - 1; i >= 0; i--) {
            Release r = s.history().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("revision", r.revision());
            m.put("image", r.image());
            m.put("outcome", r.outcome().name());
            m.put("actor", r.actor());
            m.put("time", r.at().toString());
            m.put("slot", r.slot().label());
            m.put("strategy", r.strategy() == null ? null : r.strategy().label());
            m.put("comment", r.comment());
            m.put("rolledBackFrom", r.rolledBackFrom() == 0 ? null : r.rolledBackFrom());
            releases.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", app.app());
        out.put("namespace", app.namespace());
        out.put("releases", releases);
        return out;
    }

    static List<Map<String, Object>> events(Rollout r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RolloutEvent e : r == null ? List.<RolloutEvent>of() : r.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.at().toString());
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("detail", e.detail());
            m.put("comment", e.comment());
            out.add(m);
        }
        return out;
    }

    /** The Route's host, or null when the app has no Route (yet) or the cluster has no Route API. */
    static String host(KubernetesClient client, AppRef app) {
        try {
            Route route = client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
            return route == null || route.getSpec() == null ? null : route.getSpec().getHost();
        } catch (RuntimeException e) {
            return null;
        }
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

    /** One {@code name  value} line, the value wrapped under itself to fit an 80-column terminal. */
    private static void field(PrintWriter out, String name, Object value) {
        String indent = " ".repeat(11);
        List<String> lines = wrap(String.valueOf(value), COLUMNS - indent.length());
        out.printf("%-10s %s%n", name, lines.get(0));
        lines.subList(1, lines.size()).forEach(l -> out.println(indent + l));
    }

    /** Words to lines of at most {@code width} characters; a longer word (a URL, an image) gets a line of its own. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String describe(Object slot) {
        if (!(slot instanceof Map<?, ?> m)) {
            return "none";
        }
        return m.get("image") + " in slot " + m.get("slot") + (m.get("revision") == null ? "" : ", revision " + m.get("revision"));
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
                TIME.format(Instant.parse((String) r.get("time"))), String.valueOf(r.get("actor")), String.valueOf(r.get("image"))});
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
                wrap(comment.toString(), COLUMNS - 4).forEach(l -> out.println("    " + l));
            }
        }
        out.flush();
    }
}
