package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.CanaryStepMaps;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A strategy step whose candidate is measured once before it takes traffic (blue/green) or after the update (rolling).
 * The gates are written either as {@code gates:} (with {@code analysis:} holding only the policy) or inside
 * {@code analysis:} as a canary step writes them; {@code gates:} exists because a step that silently ignored it
 * would release ungated.
 */
public abstract class GatedRolloutStep extends RolloutStep {
    private Object gates;
    private Object analysis;

    protected GatedRolloutStep(String app, String image) {
        super(app, image);
    }

    public Object getGates() {
        return gates;
    }

    /** One gate in compact form or a preset name, a gate map with {@code kind}, or a list of them. */
    @DataBoundSetter
    public void setGates(Object gates) {
        this.gates = gates;
    }

    public Object getAnalysis() {
        return analysis;
    }

    /**
     * With {@code gates}: the policy map ({@code [interval: '30s', count: 3]}). Without: the gates and policy, written
     * as a canary step's {@code analysis}: one gate, a list, or a map with {@code gates}.
     */
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
        if (gates == null) {
            return analysis == null ? null : CanaryStepMaps.analysis("analysis", analysis);
        }
        List<GateSpec> measured = CanaryStepMaps.gates("gates", gates);
        if (analysis == null) {
            return new CanaryStep.Analysis(measured, AnalysisPolicy.DEFAULT);
        }
        if (!(analysis instanceof Map<?, ?> policy) || policy.containsKey("gates")) {
            throw new ValidationException("analysis", analysis,
                    "only the policy when gates: is given, e.g. [interval: '30s', count: 3]; or the gates in analysis alone, without gates:");
        }
        return new CanaryStep.Analysis(measured, CanaryStepMaps.policy("analysis", policy));
    }
}
