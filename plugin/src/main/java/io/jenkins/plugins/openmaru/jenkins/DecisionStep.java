package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.EnumSet;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that decides about a rollout (promote, abort, roll back), recorded with the build as actor and a comment. */
public abstract class DecisionStep extends DeliveryStep {
    private String comment;

    protected DecisionStep(String app) {
        super(app);
    }

    public String getComment() {
        return comment;
    }

    @DataBoundSetter
    public void setComment(String comment) {
        this.comment = DeliveryCluster.blankToNull(comment);
    }

    /** What the step does, for messages. */
    protected abstract String verb();

    /** The final phases in which the step succeeds. */
    protected abstract EnumSet<RolloutPhase> success();

    /** The engine call, made as {@code actor}. */
    protected abstract DeliveryExecution.Operation operation(Actor actor);

    @Override
    protected final StepExecution execution(StepContext context, AppLocation where, String identity) {
        return new DeliveryExecution(context, where, identity, verb(), null, success(), operation(new Actor(identity, comment)));
    }
}
