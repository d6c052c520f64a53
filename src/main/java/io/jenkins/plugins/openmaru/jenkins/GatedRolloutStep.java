package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.CanaryStepMaps;
import io.jenkins.plugins.openmaru.model.GateSpec;
import java.util.List;
import org.kohsuke.stapler.DataBoundSetter;

/** A strategy step whose candidate is measured once before it takes traffic (blue/green) or after the update (rolling). */
public abstract class GatedRolloutStep extends RolloutStep {
    private Object analysis;

    protected GatedRolloutStep(String app, String image) {
        super(app, image);
    }

    public Object getAnalysis() {
        return analysis;
    }

    /** The gates and policy, written as a canary step's {@code analysis}: one gate, a list, or a map with {@code gates}. */
    @DataBoundSetter
    public void setAnalysis(Object analysis) {
        this.analysis = analysis;
    }

    protected List<GateSpec> gates() {
        return parsed() == null ? List.of() : parsed().gates();
    }

    protected AnalysisPolicy policy() {
        return parsed() == null ? AnalysisPolicy.DEFAULT : parsed().policy();
    }

    private CanaryStep.Analysis parsed() {
        return analysis == null ? null : CanaryStepMaps.analysis("analysis", analysis);
    }
}
