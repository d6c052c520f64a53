package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/** Adds "Release History" to Pipeline jobs whose recent builds drove a rollout; reads only those builds, never the cluster. */
@Extension
@SuppressWarnings("rawtypes") // Jenkins matches factories by the raw Job class
public final class ReleaseHistoryFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Class<? extends Action> actionType() {
        return ReleaseHistoryAction.class;
    }

    /**
     * Called for every job on every {@code getAllActions()}: a job of another type never had a step run, so
     * its builds are not read at all, and a Pipeline job's answer is remembered ({@link RolloutJobs}).
     */
    @Override
    public Collection<? extends Action> createFor(Job target) {
        Job<?, ?> job = target;
        return RolloutJobs.isPipeline(job) && RolloutJobs.droveRollout(job) ? List.of(new ReleaseHistoryAction(job)) : List.of();
    }
}
