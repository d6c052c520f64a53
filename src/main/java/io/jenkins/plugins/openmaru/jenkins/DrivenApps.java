package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apps a job's recent builds rolled out, each with the newest build that drove it: that build's
 * step gave the approvers, and its credentials reach the cluster. Only recent builds are read, so a
 * job page never loads its whole build history.
 */
final class DrivenApps {
    static final int RECENT_BUILDS = 25;

    /** An app and the newest build that drove it. */
    record DrivenApp(DeliveryTarget target, Run<?, ?> run) { }

    private DrivenApps() {}

    /** Newest first; one entry per cluster, namespace and app. */
    static List<DrivenApp> of(Job<?, ?> job) {
        Map<String, DrivenApp> apps = new LinkedHashMap<>();
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; run != null && i < RECENT_BUILDS; i++, run = run.getPreviousBuild()) {
            DeliveryAction a = run.getAction(DeliveryAction.class);
            List<DeliveryTarget> targets = a == null ? List.of() : a.getTargets();
            for (int t = targets.size() - 1; t >= 0; t--) {
                apps.putIfAbsent(targets.get(t).getKey(), new DrivenApp(targets.get(t), run));
            }
        }
        return new ArrayList<>(apps.values());
    }
}
