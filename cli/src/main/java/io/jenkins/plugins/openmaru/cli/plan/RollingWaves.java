package io.jenkins.plugins.openmaru.cli.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The replica-by-replica course of a Deployment's rolling update, as its controller runs it: new pods up
 * to {@code replicas + maxSurge}, old pods down while at least {@code replicas - maxUnavailable} are
 * available, assuming each new pod becomes available before the next wave.
 */
final class RollingWaves {

    /** One wave: pods started and stopped, and what runs once the new pods are ready. */
    record Wave(int started, int stopped, int oldPods, int newPods) {
        /** The candidate's share of the ready pods, in %. */
        int weight() {
            return oldPods + newPods == 0 ? 0 : Math.round(100f * newPods / (oldPods + newPods));
        }
    }

    private RollingWaves() {}

    /** Kubernetes' rounding: maxSurge up, maxUnavailable down, and maxUnavailable 1 when both come to 0. */
    static int[] resolve(String maxSurge, String maxUnavailable, int replicas) {
        int surge = pods(maxSurge, replicas, true);
        int unavailable = pods(maxUnavailable, replicas, false);
        return new int[] {surge, surge == 0 && unavailable == 0 ? 1 : unavailable};
    }

    static List<Wave> of(int oldPods, int replicas, int surge, int unavailable) {
        List<Wave> waves = new ArrayList<>();
        int old = oldPods;
        int created = 0;
        while (created < replicas || old > 0) {
            int up = Math.max(0, Math.min(replicas - created, replicas + surge - old - created));
            created += up;
            // pods started in this wave are not available yet, so only the earlier new ones count
            int availableNew = created - up;
            int down = Math.max(0, Math.min(old, old + availableNew - (replicas - unavailable)));
            old -= down;
            if (up == 0 && down == 0) {
                throw new IllegalStateException("no progress with maxSurge " + surge + " and maxUnavailable " + unavailable);
            }
            waves.add(new Wave(up, down, old, created));
        }
        return waves;
    }

    private static int pods(String amount, int replicas, boolean roundUp) {
        if (!amount.endsWith("%")) {
            return Integer.parseInt(amount);
        }
        int percent = Integer.parseInt(amount.substring(0, amount.length() - 1));
        return roundUp ? (percent * replicas + 99) / 100 : percent * replicas / 100;
    }
}
