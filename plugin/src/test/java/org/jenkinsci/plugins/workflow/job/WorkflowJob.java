package org.jenkinsci.plugins.workflow.job;

import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;

/**
 * Stands in for workflow-job's Pipeline job type, which this plugin knows only by name: a test job that
 * extends it is a Pipeline job. (The real class is final and not generic; only its name matters here.)
 */
public abstract class WorkflowJob<J extends WorkflowJob<J, R>, R extends Run<J, R>> extends Job<J, R> {
    protected WorkflowJob(ItemGroup<? extends Item> parent, String name) {
        super(parent, name);
    }
}
