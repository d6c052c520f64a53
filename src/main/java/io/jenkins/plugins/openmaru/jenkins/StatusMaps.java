package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DoraFigures;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's state as plain maps, lists, strings and numbers: what steps return to a Jenkinsfile (which
 * must be able to serialize it) and what the build page's JSON view shows.
 */
final class StatusMaps {
    private StatusMaps() {}

    static Map<String, Object> of(AppLocation where, DeliveryState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", where.cluster());
        m.put("namespace", where.namespace());
        m.put("app", where.app().app());
        m.put("activeSlot", s.activeSlot() == null ? null : s.activeSlot().label());
        m.put("inProgress", s.inProgress());
        m.put("servingImage", s.serving().map(Release::image).orElse(null));
        m.put("servingRevision", s.serving().map(Release::revision).orElse(null));
        m.put("rollout", s.rollout() == null ? null : rollout(s.rollout()));
        List<Map<String, Object>> history = new ArrayList<>();
        for (Release r : s.history()) {
            history.add(release(r));
        }
        m.put("history", history);
        return m;
    }

    static Map<String, Object> rollout(Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision", r.revision());
        m.put("strategy", r.isRollback() ? "rollback" : r.strategy().label());
        m.put("phase", r.phase().name());
        m.put("image", r.image());
        m.put("stableImage", r.stableImage());
        m.put("candidateSlot", r.candidateSlot().label());
        m.put("weight", r.weight());
        m.put("step", Math.min(r.stepIndex() + 1, r.stepCount()));
        m.put("steps", r.stepCount());
        m.put("message", r.message());
        if (r.bakeEndsAt() != null) {
            m.put("bakeEndsAt", r.bakeEndsAt().toString());
        }
        m.put("driver", r.driver());
        m.put("startedAt", r.startedAt().toString());
        m.put("updatedAt", r.updatedAt().toString());
        return m;
    }

    /** One map per window (7, 30, 90 days), in lists and maps a Pipeline can keep. */
    static List<Map<String, Object>> dora(List<DoraFigures> windows) {
        List<Map<String, Object>> out = new ArrayList<>();
        windows.forEach(w -> out.add(w.asMap()));
        return out;
    }

    static Map<String, Object> release(Release r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision", r.revision());
        m.put("image", r.image());
        m.put("slot", r.slot().label());
        m.put("strategy", r.strategy() == null ? "rollback" : r.strategy().label());
        m.put("outcome", r.outcome().name());
        m.put("at", r.at().toString());
        m.put("actor", r.actor());
        m.put("comment", r.comment());
        if (r.rolledBackFrom() != 0) {
            m.put("rolledBackFrom", r.rolledBackFrom());
        }
        return m;
    }
}
