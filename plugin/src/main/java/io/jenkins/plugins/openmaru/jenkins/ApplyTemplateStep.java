package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.Extension;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.model.ValidationException;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openmaruApply(template: 'openmaru-java', parameters: [APPLICATION_NAME: 'shop', ...])}: processes an
 * OpenShift Template on the client and creates or updates its objects in the namespace; applying the same
 * input again changes nothing. Returns a map of what was created, updated and left unchanged.
 */
public final class ApplyTemplateStep extends ClusterStep {
    /** The {@code template} value that selects the Openmaru standard Java template shipped with the plugin. */
    static final String OPENMARU_JAVA = "openmaru-java";

    private final String template;
    private Object parameters;
    private transient Workspace.Opener workspace = AgentWorkspace::of;

    @DataBoundConstructor
    public ApplyTemplateStep(String template) {
        this.template = template;
    }

    public String getTemplate() {
        return template;
    }

    public Object getParameters() {
        return parameters;
    }

    /** The template's parameters as a map, e.g. {@code [APPLICATION_NAME: 'shop', SOURCE_REPOSITORY_URL: '...']}. */
    @DataBoundSetter
    public void setParameters(Object parameters) {
        this.parameters = parameters;
    }

    ApplyTemplateStep withWorkspace(Workspace.Opener opener) {
        this.workspace = opener;
        return this;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            if (template == null || template.isBlank()) {
                throw new ValidationException("template", template, "'" + OPENMARU_JAVA + "' (the Openmaru standard Java template) or a template file in the workspace");
            }
            TemplateParameters values = new TemplateParameters(StepMaps.strings("parameters", parameters, "[APPLICATION_NAME: 'shop']"));
            DeliveryConfiguration config = DeliveryConfiguration.get();
            String clusterName = config.find(getCluster()).getName();
            return new ApplyTemplateStepExecution(context, clusterName, config.namespaceOf(getCluster(), getNamespace()), template.trim(), values, workspace);
        } catch (ValidationException e) {
            throw new AbortException(e.getMessage());
        }
    }

    @Extension
    @Symbol("openmaruApply")
    public static final class DescriptorImpl extends DeliveryStep.DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruApply";
        }

        @Override
        public String getDisplayName() {
            return "Apply an OpenShift Template (OPENMARU Delivery)";
        }
    }
}
