package io.jenkins.plugins.openmaru.archfixture.cli;

import io.jenkins.plugins.openmaru.archfixture.jenkins.StepGlue;

/** Planted violation for ArchitectureTest: cli importing the jenkins layer. */
public final class BreakGlass {
    public StepGlue glue() {
        return new StepGlue();
    }
}
