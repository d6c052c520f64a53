package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.ProductVersion;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code openmaruVersion()}: returns the installed OPENMARU Delivery plugin version as a String. */
public final class VersionStep extends Step {

    @DataBoundConstructor
    public VersionStep() {
        // No parameters: the step only reports the version.
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context);
    }

    /** Completes at once with the version; there is nothing to wait for or resume. */
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context) {
            super(context);
        }

        @Override
        public boolean start() {
            getContext().onSuccess(ProductVersion.current().value());
            return true;
        }
    }

    @Extension
    @Symbol("openmaruVersion")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruVersion";
        }

        @Override
        public String getDisplayName() {
            return "OPENMARU Delivery plugin version";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of();
        }
    }
}
