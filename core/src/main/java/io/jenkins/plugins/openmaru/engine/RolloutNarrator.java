package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the successive {@link Progress} values of one rollout into the lines a person watching it
 * reads: each step as it begins ({@code step 2/5: set weight 20%}), then every new event and gate
 * verdict once, in time order. Not thread-safe: feed it from one listener.
 */
public final class RolloutNarrator {

    private static final int COLUMNS = 80;

    /** A gate's display name longer than this is cut, so that its verdict stays on the line. */
    private static final int GATE_NAME_COLUMNS = 32;

    /** One line to print; {@code kind} is the event's action, {@code gate} (text: the gate's name) or {@code step}. */
    private record Line(Instant at, String text, String kind, String verdict) {
        Line(Instant at, String text, String kind) {
            this(at, text, kind, "");
        }
    }

    private final Function<Instant, String> time;
    private final Set<Object> seen = new HashSet<>();
    private int revision = -1;
    private int step = -1;

    /** @param time how each line shows when it happened, e.g. a wall clock or the seconds since a start */
    public RolloutNarrator(Function<Instant, String> time) {
        this.time = time;
    }

    /** Takes what {@code r} already shows as told: a command that acts on a running rollout prints what it changed, not the rollout's past. */
    public void skip(Rollout r) {
        if (r != null) {
            revision = r.revision();
            step = r.stepIndex();
            seen.addAll(r.events());
            seen.addAll(r.gateResults());
        }
    }

    public List<String> lines(Progress progress) {
        Rollout r = progress.state().rollout();
        if (r == null) {
            return List.of();
        }
        if (r.revision() != revision) {
            revision = r.revision();
            step = -1;
        }
        List<Line> news = new ArrayList<>();
        for (RolloutEvent e : r.events()) {
            if (seen.add(e)) {
                news.add(new Line(e.at(), pad(e.action()) + e.detail() + actor(e), e.action()));
            }
        }
        for (StepGateResult g : r.gateResults()) {
            if (seen.add(g)) {
                GateResult res = g.result();
                news.add(new Line(res.at(), res.gate(), "gate", res.verdict() + " " + GateSummary.of(res.evidence())));
            }
        }
        news.sort(Comparator.comparing(Line::at));
        List<Line> out = withStepHeaders(r, news);
        return out.stream().flatMap(l -> fit(time.apply(l.at()) + "  ", l).stream()).toList();
    }

    /**
     * {@code news} with a header before the lines of every step that began since the last call, each once and in
     * order, even when one reconcile ran several steps (a fast pause, a setWeight) between two progress reports.
     */
    private List<Line> withStepHeaders(Rollout r, List<Line> news) {
        if (!(r.spec() != null && r.spec().strategySpec() instanceof CanarySpec c) || !r.hasStable() || r.isRollback()
                || r.stepIndex() >= c.steps().size()) {
            return news;
        }
        List<Line> out = new ArrayList<>();
        int next = 0;
        for (int j = step + 1; j <= r.stepIndex(); j++) {
            CanaryStep s = c.steps().get(j);
            int anchor = anchor(news, next, s, j == c.steps().size() - 1);
            boolean current = j == r.stepIndex();
            if (anchor < 0) {
                anchor = current ? news.size() : next;
            }
            out.addAll(news.subList(next, anchor));
            Instant at = anchor < news.size() ? news.get(anchor).at() : out.isEmpty() ? r.stepStartedAt() : afterLast(out, current ? r.stepStartedAt() : null);
            out.add(new Line(at, header(c, j), "step"));
            next = anchor;
            if (s instanceof CanaryStep.Analysis) {
                int done = indexOf(news, next, l -> l.kind().equals("analysis"));
                next = done < 0 ? news.size() : done + 1;
            } else if (next < news.size() && !(s instanceof CanaryStep.Pause p && !p.indefinite())) {
                next++;
            }
            next = Math.min(next, news.size());
            out.addAll(news.subList(anchor, next));
        }
        step = Math.max(step, r.stepIndex());
        out.addAll(news.subList(next, news.size()));
        return out;
    }

    /** Where step {@code s}'s own lines begin among {@code news} from {@code from}: its setWeight, pause, promotion or first gate; -1 when none. */
    private static int anchor(List<Line> news, int from, CanaryStep s, boolean last) {
        if (s instanceof CanaryStep.SetWeight w) {
            int i = indexOf(news, from, l -> l.kind().equals("setWeight") && l.text().startsWith(pad("setWeight") + w.weight() + "%"));
            return i < 0 && last ? indexOf(news, from, l -> l.kind().equals("promote")) : i;
        }
        if (s instanceof CanaryStep.Pause p) {
            return p.indefinite() ? indexOf(news, from, l -> l.kind().equals("pause")) : -1;
        }
        return indexOf(news, from, l -> l.kind().equals("gate") || l.kind().equals("analysis") || l.kind().equals("pause"));
    }

    /**
     * The time of a step's line printed after {@code out}: when its step started, but never before the last of them (the
     * first step starts with the rollout, before the deploy lines that print ahead of it when start returns early).
     */
    private static Instant afterLast(List<Line> out, Instant stepStartedAt) {
        Instant last = out.get(out.size() - 1).at();
        return stepStartedAt != null && stepStartedAt.isAfter(last) ? stepStartedAt : last;
    }

    private static int indexOf(List<Line> lines, int from, Predicate<Line> test) {
        for (int i = from; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A gate line cut to the terminal's 80 columns, name first, then the evidence (in full in the JSON and the history);
     * any other line wrapped to them.
     */
    private static List<String> fit(String prefix, Line l) {
        if (!l.kind().equals("gate")) {
            return wrap(prefix, l.text());
        }
        String name = l.text().length() > GATE_NAME_COLUMNS ? cut(l.text(), GATE_NAME_COLUMNS) : l.text();
        return List.of(cut(prefix + pad("gate") + name + " " + l.verdict(), COLUMNS));
    }

    /**
     * {@code prefix + text} in lines of at most 80 columns, broken at spaces; the lines after the first start under the
     * text after the prefix (the action column). A word wider than a line (an image with its digest, a field path) goes
     * on at the next line, so that nothing of it is lost.
     */
    public static List<String> wrap(String prefix, String text) {
        String indent = " ".repeat(prefix.length());
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.split(" ", -1)) {
            if (!empty && line.length() + 1 + word.length() > COLUMNS) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            String rest = word;
            while (line.length() + rest.length() > COLUMNS) {
                int room = COLUMNS - line.length();
                lines.add(line.append(rest, 0, room).toString());
                line = new StringBuilder(indent);
                rest = rest.substring(room);
            }
            line.append(rest);
            empty = false;
        }
        lines.add(line.toString());
        return lines;
    }

    private static String cut(String text, int columns) {
        return text.length() > columns ? text.substring(0, columns - 1) + "\u2026" : text;
    }

    /** {@code step 2/5: set weight 20%}, or empty when the rollout has no steps (first deployment, rollback). */
    public static String stepHeader(Rollout r) {
        if (!(r.spec() != null && r.spec().strategySpec() instanceof CanarySpec c) || r.stepIndex() >= c.steps().size()) {
            return "";
        }
        return header(c, r.stepIndex());
    }

    /** {@code step 2/5: pause 30s (weight now 20%)}: the weight is the one the steps before it set. */
    private static String header(CanarySpec c, int index) {
        int weight = 0;
        for (CanaryStep s : c.steps().subList(0, index)) {
            weight = s instanceof CanaryStep.SetWeight w ? w.weight() : weight;
        }
        return "step " + (index + 1) + "/" + c.steps().size() + ": " + c.steps().get(index).describe() + " (weight now " + weight + "%)";
    }

    private static String pad(String action) {
        return String.format("%-10s", action);
    }

    /** Names who asked, unless the engine decided on its own. */
    private static String actor(RolloutEvent e) {
        return Actor.ENGINE.name().equals(e.actor()) ? "" : " [" + e.actor() + (e.comment().isEmpty() ? "" : ": " + e.comment()) + "]";
    }
}
