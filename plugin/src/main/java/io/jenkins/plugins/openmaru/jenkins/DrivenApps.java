package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

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
        for (Run<?, ?> run : recent(job)) {
            List<DeliveryTarget> targets = run.getAction(DeliveryAction.class).getTargets();
            for (int t = targets.size() - 1; t >= 0; t--) {
                apps.putIfAbsent(targets.get(t).getKey(), new DrivenApp(targets.get(t), run));
            }
        }
        return new ArrayList<>(apps.values());
    }

    /** Whether any recent build drove a rollout; stops at the first that did, as it runs on every view of the job. */
    static boolean any(Job<?, ?> job) {
        return recent(job).iterator().hasNext();
    }

    /** The recent builds that drove a rollout, newest first, read lazily. */
    private static Iterable<Run<?, ?>> recent(Job<?, ?> job) {
        return () -> Stream.<Run<?, ?>>iterate(job.getLastBuild(), Objects::nonNull, Run::getPreviousBuild).limit(RECENT_BUILDS)
                .filter(r -> r.getAction(DeliveryAction.class) != null).iterator();
    }
}
