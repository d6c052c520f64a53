package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Job;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which jobs' recent builds drove a rollout, remembered per job: the job page asks on every view, and
 * the answer needs up to {@link DrivenApps#RECENT_BUILDS} build records read from disk. An answer holds
 * until the job starts another build or one of its builds drives a rollout ({@link #forget}). A deleted
 * build may leave a stale "yes" until the next build: the Release History page then lists no app.
 */
final class RolloutJobs {
    /** Pipeline's job type, the only one whose builds run steps; by name, as this plugin does not depend on workflow-job. */
    static final String PIPELINE_JOB = "org.jenkinsci.plugins.workflow.job.WorkflowJob";

    /** Whether the job drove a rollout, as of the job's next build number then. */
    private record Answer(int nextBuildNumber, boolean drove) { }

    private static final Map<Job<?, ?>, Answer> ANSWERS = new WeakHashMap<>();
    /** Counts {@link #forget} calls, so an answer read from builds while a rollout was recorded is not kept. */
    private static long forgotten;

    private RolloutJobs() {}

    /** Whether {@code job} is a Pipeline job; reads no build. */
    static boolean isPipeline(Job<?, ?> job) {
        for (Class<?> c = job.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(PIPELINE_JOB)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any recent build of {@code job} drove a rollout; reads its builds only when it last asked before a newer build. */
    static boolean droveRollout(Job<?, ?> job) {
        int next = job.getNextBuildNumber();
        long seen;
        synchronized (ANSWERS) {
            Answer a = ANSWERS.get(job);
            if (a != null && a.nextBuildNumber() == next) {
                return a.drove();
            }
            seen = forgotten;
        }
        // Read outside the lock: other jobs' pages must not wait on this job's build records.
        boolean drove = DrivenApps.any(job);
        synchronized (ANSWERS) {
            if (forgotten == seen) {
                ANSWERS.put(job, new Answer(next, drove));
            }
        }
        return drove;
    }

    /** A build of {@code job} just drove a rollout: the next question reads the builds again. */
    static void forget(Job<?, ?> job) {
        synchronized (ANSWERS) {
            ANSWERS.remove(job);
            forgotten++;
        }
    }
}
