package io.jenkins.plugins.openmaru.archfixture.jenkins;

import hudson.model.Result;
import io.jenkins.plugins.openmaru.archfixture.engine.Rollouts;

/** Fixture for ArchitectureTest: the jenkins layer may use Jenkins types and the engine. */
public final class StepGlue {
    public Result drive(Rollouts rollouts) {
        return Result.SUCCESS;
    }
}
