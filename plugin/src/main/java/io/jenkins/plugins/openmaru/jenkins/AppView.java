package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Dora;
import io.jenkins.plugins.openmaru.model.DoraFigures;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app as the build page shows it: the state read from the cluster just now, or why it could not be
 * read. Getters are for the Jelly view; {@link #toMap()} is the JSON view.
 */
public final class AppView {
    private final DeliveryTarget target;
    private final DeliveryState state;
    private final String error;

    AppView(DeliveryTarget target, DeliveryState state, String error) {
        this.target = target;
        this.state = state;
        this.error = error;
    }

    static AppView read(DeliveryTarget t, Run<?, ?> run) {
        try (ClusterConnection c = DeliveryConfiguration.get().connect(t.location(), run)) {
            return new AppView(t, c.engine("jenkins-ui").status(t.location().app()), null);
        } catch (RuntimeException e) {
            return new AppView(t, null, "cannot read the state of " + t.getKey() + ": " + e.getMessage());
        }
    }

    public DeliveryTarget getTarget() {
        return target;
    }

    public String getError() {
        return error;
    }

    /** This build's rollout, or null when a later rollout replaced it in the cluster's state. */
    public Rollout getRollout() {
        Rollout r = state == null ? null : state.rollout();
        return r != null && r.revision() == target.getRevision() ? r : null;
    }

    /** What the app is doing now, in one line. */
    public String getSummary() {
        Rollout r = getRollout();
        if (r != null) {
            return Describe.rollout(r) + (r.message().isEmpty() ? "" : "; " + r.message());
        }
        return state == null ? "" : state.history().stream().filter(x -> x.revision() == target.getRevision()).findFirst()
                .map(x -> "revision " + x.revision() + " " + x.outcome() + "; a later rollout has replaced it")
                .orElse("revision " + target.getRevision() + " is no longer in the history");
    }

    public Integer getServingRevision() {
        return state == null ? null : state.serving().map(Release::revision).orElse(null);
    }

    public String getServingImage() {
        return state == null ? null : state.serving().map(Release::image).orElse(null);
    }

    public boolean isCanPromote() {
        Rollout r = getRollout();
        return r != null && !r.phase().terminal() && !r.isRollback();
    }

    public boolean isCanAbort() {
        Rollout r = getRollout();
        return r != null && !r.phase().terminal();
    }

    public boolean isCanRollback() {
        return state != null && (state.inProgress() || state.previous().isPresent());
    }

    /** Timeline, newest first. */
    public List<RolloutEvent> getEvents() {
        Rollout r = getRollout();
        List<RolloutEvent> events = new ArrayList<>(r == null ? List.of() : r.events());
        Collections.reverse(events);
        return events;
    }

    /** Gate measurements, newest first. */
    public List<StepGateResult> getGateResults() {
        Rollout r = getRollout();
        List<StepGateResult> results = new ArrayList<>(r == null ? List.of() : r.gateResults());
        Collections.reverse(results);
        return results;
    }

    /** Release history, newest first, each with whether it can be rolled back to. */
    public List<ReleaseRow> getReleases() {
        return state == null ? List.of() : ReleaseRow.of(state);
    }

    /** Deployment frequency, change-failure rate and time to restore over 7, 30 and 90 days, from the history; null when unreadable. */
    public DoraChart getDora() {
        return state == null ? null : DoraChart.of(doraWindows());
    }

    private List<DoraFigures> doraWindows() {
        // The drill trend lives in its own ConfigMap; this page reads the release history only (openmaruStatus and the CLI add drills).
        return Dora.windows(state.history(), List.of(), Instant.now());
    }

    public boolean isInProgress() {
        return state != null && state.inProgress();
    }

    /** The Release History page's JSON for this app. */
    Map<String, Object> historyMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target.getKey());
        m.put("cluster", target.getCluster());
        m.put("namespace", target.getNamespace());
        m.put("app", target.getApp());
        m.put("approvers", target.approverList());
        if (error != null) {
            m.put("error", error);
            return m;
        }
        m.put("servingRevision", getServingRevision());
        m.put("inProgress", isInProgress());
        List<Map<String, Object>> releases = new ArrayList<>();
        for (ReleaseRow r : getReleases()) {
            releases.add(r.toMap());
        }
        m.put("releases", releases);
        m.put("dora", StatusMaps.dora(doraWindows()));
        return m;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target.getKey());
        m.put("revision", target.getRevision());
        if (error != null) {
            m.put("error", error);
            return m;
        }
        m.putAll(StatusMaps.of(target.location(), state));
        return m;
    }
}
