package io.jenkins.plugins.openmaru.engine.drill;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a drill from the cluster, writing nothing: refuses while anyone else changes the app,
 * picks the release to roll back to, and finds the app's health URL.
 */
final class DrillPlanner {
    /** The env var of the Openmaru template (and the sandbox's pods) naming the health path. */
    static final String HEALTH_ENV = "HEALTH_CHECK_URL";
    static final String DEFAULT_HEALTH_PATH = "/health";

    private final RolloutEngine engine;

    DrillPlanner(RolloutEngine engine) {
        this.engine = engine;
    }

    DrillPlan plan(DrillSpec spec) {
        var app = spec.app();
        DeliveryState s = engine.status(app);
        if (s.inProgress()) {
            Rollout r = s.rollout();
            String what = r.isRollback() ? "rollback to revision " + r.rollbackTo() : r.strategy().label() + " of " + r.image();
            throw new DrillRefusedException("a " + what + " of " + app + " is in progress since " + r.startedAt() + ", driven by " + r.driver()
                    + "; a drill runs only while no rollout is in progress", r.driver());
        }
        Optional<AppLease.Holder> holder = engine.leaseHolder(app);
        if (holder.isPresent() && !holder.get().identity().equals(engine.config().identity())
                && !holder.get().expiredAt(engine.config().clock().instant())) {
            throw new DrillRefusedException("app " + app + " is being driven by " + holder.get().identity() + " since " + holder.get().acquiredAt()
                    + "; a drill runs only while nobody else drives the app", holder.get().identity());
        }
        if (s.serving().map(Release::strategy).orElse(null) == Strategy.ROLLING) {
            throw new ValidationException("app", app.app(), "an app deployed with slots (" + Strategy.CANARY.label() + " or "
                    + Strategy.BLUE_GREEN.label() + "): " + app + " is deployed by a rolling update, which has no idle slot for a drill to switch to");
        }
        Release serving = s.serving().filter(x -> s.activeSlot() != null).orElseThrow(() -> new ValidationException("app", app.app(),
                "an app with at least two releases that served (namespace " + app.namespace() + " has no serving release of it)"));
        Release target = target(spec, s, serving);
        Slot idle = s.activeSlot().other();
        SlotWorkloads slots = new SlotWorkloads(engine.client(), app);
        Deployment idleDeployment = slots.get(idle);
        boolean warm = SlotWorkloads.isWarm(idleDeployment, target);
        String idleText = idle.resourceName(app.app()) + (idleDeployment == null ? " does not exist"
                : " runs " + SlotWorkloads.imageOf(idleDeployment) + ", " + Availability.describe(idleDeployment));
        String health = healthPath(idleDeployment).or(() -> healthPath(slots.get(s.activeSlot()))).orElse(DEFAULT_HEALTH_PATH);
        return new DrillPlan(app, spec.environment(), serving, s.activeSlot(), target, warm, idleText, gates(spec, health), port(s),
                spec.rollForward(), spec.maxTimeToRestore());
    }

    private static Release target(DrillSpec spec, DeliveryState s, Release serving) {
        List<Integer> served = s.history().stream().filter(x -> x.outcome().served() && !x.image().equals(serving.image()))
                .map(Release::revision).toList();
        if (spec.toRevision() == null) {
            return s.previous().filter(x -> !x.image().equals(serving.image())).orElseThrow(() -> new ValidationException("app",
                    spec.app().app(), "an app with at least two releases that served with different images (it has only revision "
                            + serving.revision() + ", " + serving.image() + ")"));
        }
        return s.release(spec.toRevision()).filter(x -> served.contains(x.revision())).orElseThrow(() -> new ValidationException(
                "toRevision", spec.toRevision(), "a revision that served with an image other than the serving one: " + served));
    }

    /** Readiness and the app's health URL, then the user's gates (a gate named twice is measured once). */
    private static List<GateSpec> gates(DrillSpec spec, String healthPath) {
        List<GateSpec> out = new ArrayList<>(List.of(GateSpec.readiness(), GateSpec.http(healthPath, 1.0)));
        for (GateSpec g : spec.gates()) {
            if (out.stream().noneMatch(x -> x.displayName().equals(g.displayName()))) {
                out.add(g);
            }
        }
        return out;
    }

    /** The path of {@code HEALTH_CHECK_URL} (a path or a full URL), else the readiness probe's HTTP path. */
    static Optional<String> healthPath(Deployment d) {
        if (d == null || d.getSpec() == null || d.getSpec().getTemplate().getSpec() == null) {
            return Optional.empty();
        }
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (HEALTH_ENV.equals(e.getName()) && e.getValue() != null && !e.getValue().isBlank()) {
                    String v = e.getValue().trim();
                    String path = v.startsWith("/") ? v : URI.create(v).getRawPath();
                    return Optional.of(path == null || path.isEmpty() ? "/" : path);
                }
            }
            if (c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null && c.getReadinessProbe().getHttpGet().getPath() != null) {
                return Optional.of(c.getReadinessProbe().getHttpGet().getPath());
            }
        }
        return Optional.empty();
    }

    private static int port(DeliveryState s) {
        RolloutSpec spec = s.rollout() == null ? null : s.rollout().spec();
        return spec == null ? RolloutSpec.DEFAULT_PORT : spec.port();
    }
}
