package io.jenkins.plugins.openmaru.archfixture.model;

import hudson.model.Result;
import io.jenkins.plugins.openmaru.archfixture.engine.Rollouts;

/** Planted violations for ArchitectureTest: model importing upward and importing Jenkins. */
public final class LeakyValue {
    public Result result() {
        return Result.SUCCESS;
    }

    public Rollouts engine() {
        return new Rollouts();
    }
}
