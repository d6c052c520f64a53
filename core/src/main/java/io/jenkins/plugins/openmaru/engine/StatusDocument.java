package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's status as one document, built here for every reader: {@code openmaru status -o json}, the
 * {@code openmaruStatus} step and the build page's JSON. Plain maps, lists, strings, numbers and booleans, so
 * a Pipeline can keep it. Times are ISO-8601 under {@code at}; the history is newest first; strategies are
 * {@link io.jenkins.plugins.openmaru.model.Strategy#label() labels}, and a rollback's is {@code rollback}. A rolling
 * release runs in Deployment {@code <app>}, not in a slot: its entries, {@code stable} and {@code candidate} have no
 * {@code slot} key (and {@code activeSlot} is null), rather than a slot it never used.
 */
public final class StatusDocument {
    private static final ResourceDefinitionContext ROUTES = new ResourceDefinitionContext.Builder().withGroup("route.openshift.io")
            .withVersion("v1").withKind("Route").withPlural("routes").withNamespaced(true).build();

    private StatusDocument() {}

    /** The document with the Route's host and the app's lease holder read from the cluster (two GETs). */
    public static Map<String, Object> read(RolloutEngine engine, AppRef app, DeliveryState s) {
        return of(app, s, host(engine.client(), app), engine.leaseHolder(app).map(AppLease.Holder::identity).orElse(null));
    }

    /** @param host the Route's host, null without one; @param driver who holds the app's lease now, null when nobody does */
    public static Map<String, Object> of(AppRef app, DeliveryState s, String host, String driver) {
        Map<String, Object> out = new LinkedHashMap<>();
        Rollout r = s.rollout();
        // A baking rollout has promoted: its release is the stable one, and no candidate takes a share of traffic.
        boolean inProgress = s.inProgress() && r.phase() != RolloutPhase.BAKING;
        Release serving = s.serving().orElse(null);
        out.put("app", app.app());
        out.put("namespace", app.namespace());
        out.put("host", host);
        out.put("phase", r == null ? (serving == null ? "NONE" : "IDLE") : r.phase().name());
        out.put("strategy", r == null ? null : strategy(r));
        out.put("weight", inProgress ? r.weight() : 0);
        Map<String, Object> stable = null;
        if (inProgress && r.hasStable()) {
            stable = slot(r.stableSlot(), r.stableImage(), serving == null ? null : serving.revision());
        } else if (!inProgress && serving != null) {
            stable = slot(s.activeSlot() == null ? serving.slot() : s.activeSlot(), serving.image(), serving.revision());
        }
        out.put("stable", stable);
        out.put("candidate", inProgress ? slot(r.candidateSlot(), r.image(), r.revision()) : null);
        out.put("step", inProgress && r.stepCount() > 0 ? (Math.min(r.stepIndex() + 1, r.stepCount())) + "/" + r.stepCount() : null);
        out.put("message", r == null ? null : r.message());
        if (r != null && r.bakeEndsAt() != null) {
            out.put("bakeEndsAt", r.bakeEndsAt().toString());
            out.put("previous", slot(r.stableSlot(), r.stableImage(), s.previous().map(Release::revision).orElse(null)));
        }
        out.put("driver", driver);
        out.put("activeSlot", s.activeSlot() == null ? null : s.activeSlot().label());
        out.put("inProgress", s.inProgress());
        out.put("servingImage", serving == null ? null : serving.image());
        out.put("servingRevision", serving == null ? null : serving.revision());
        out.put("rollout", r == null ? null : rollout(r));
        out.put("history", releases(s));
        out.put("events", r == null ? new ArrayList<>() : events(r));
        out.put("gateResults", r == null ? new ArrayList<>() : gateResults(r));
        return out;
    }

    /** @param slot null for a rolling release, which then has no {@code slot} key */
    private static Map<String, Object> slot(Slot slot, String image, Integer revision) {
        Map<String, Object> m = new LinkedHashMap<>();
        putSlot(m, "slot", slot);
        m.put("image", image);
        m.put("revision", revision);
        return m;
    }

    /** The releases, newest first. */
    public static List<Map<String, Object>> releases(DeliveryState s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = s.history().size() - 1; i >= 0; i--) {
            out.add(release(s.history().get(i)));
        }
        return out;
    }

    public static Map<String, Object> release(Release r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision", r.revision());
        m.put("image", r.image());
        putSlot(m, "slot", r.slot());
        m.put("strategy", r.strategy() == null ? "rollback" : r.strategy().label());
        m.put("outcome", r.outcome().name());
        m.put("at", r.at().toString());
        m.put("actor", r.actor());
        m.put("comment", r.comment());
        m.put("rolledBackFrom", r.rolledBackFrom() == 0 ? null : r.rolledBackFrom());
        return m;
    }

    private static Map<String, Object> rollout(Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision", r.revision());
        m.put("strategy", strategy(r));
        m.put("phase", r.phase().name());
        m.put("image", r.image());
        m.put("stableImage", r.stableImage());
        putSlot(m, "candidateSlot", r.candidateSlot());
        m.put("weight", r.weight());
        m.put("step", Math.min(r.stepIndex() + 1, r.stepCount()));
        m.put("steps", r.stepCount());
        m.put("message", r.message());
        m.put("bakeEndsAt", r.bakeEndsAt() == null ? null : r.bakeEndsAt().toString());
        m.put("driver", r.driver());
        m.put("startedAt", r.startedAt().toString());
        m.put("updatedAt", r.updatedAt().toString());
        return m;
    }

    private static void putSlot(Map<String, Object> m, String key, Slot slot) {
        if (slot != null) {
            m.put(key, slot.label());
        }
    }

    private static List<Map<String, Object>> events(Rollout r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RolloutEvent e : r.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("detail", e.detail());
            m.put("comment", e.comment());
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> gateResults(Rollout r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StepGateResult g : r.gateResults()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", g.step() + 1);
            m.put("gate", g.result().gate());
            m.put("verdict", g.result().verdict().name());
            m.put("evidence", g.result().evidence());
            m.put("at", g.result().at().toString());
            out.add(m);
        }
        return out;
    }

    private static String strategy(Rollout r) {
        return r.isRollback() ? "rollback" : r.strategy().label();
    }

    /**
     * The Route's host, or null when the app has no Route (yet) or the cluster has no Route API. Read as a generic
     * object: the typed Route's JSON readers, built for this one field, were a tenth of {@code openmaru status}'s start.
     */
    static String host(KubernetesClient client, AppRef app) {
        try {
            GenericKubernetesResource route = client.genericKubernetesResources(ROUTES).inNamespace(app.namespace()).withName(app.app()).get();
            return route == null ? null : route.get("spec", "host");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
