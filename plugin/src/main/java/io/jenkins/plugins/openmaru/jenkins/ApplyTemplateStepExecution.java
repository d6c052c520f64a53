package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openmaru.image.ApplyOutcome;
import io.jenkins.plugins.openmaru.image.ResourceApplier;
import io.jenkins.plugins.openmaru.engine.guardrail.Preflight;
import io.jenkins.plugins.openmaru.image.TemplateDocument;
import io.jenkins.plugins.openmaru.image.TemplateProcessor;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.model.GuardrailRefusedException;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Applies a template on the shared executor: reads and processes it (every parameter problem is reported
 * before anything is written), then applies the objects. Applying is idempotent, so after a restart it
 * simply applies again.
 */
final class ApplyTemplateStepExecution extends OnceStepExecution {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String namespace;
    private final String template;
    private final HashMap<String, String> parameters;

    private final transient Workspace.Opener workspace;
    private transient volatile String status;

    ApplyTemplateStepExecution(StepContext context, String cluster, String namespace, String template, TemplateParameters parameters,
            Workspace.Opener workspace) {
        super(context);
        this.cluster = cluster;
        this.namespace = namespace;
        this.template = template;
        this.parameters = new HashMap<>(parameters.values());
        this.workspace = workspace;
    }

    @Override
    public boolean start() {
        status = "applying template " + template + " to " + namespace + " on cluster " + cluster;
        DeliveryExecutor.get().execute(this::apply);
        return false;
    }

    @Override
    public void onResume() {
        start();
    }

    @Override
    public void stop(Throwable cause) {
        status = "stopped";
        complete(() -> getContext().onFailure(cause));
    }

    @Override
    public String getStatus() {
        return status;
    }

    private void apply() {
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            var processed = new TemplateProcessor().process(document(), new TemplateParameters(parameters));
            List<ApplyOutcome> outcomes;
            try (ClusterConnection c = DeliveryConfiguration.get().connect(cluster, namespace, getContext().get(Run.class))) {
                Preflight.objects(c.client(), DeliveryConfiguration.get().find(cluster).guardrailPolicy(), namespace, processed.objects())
                        .forEach(w -> listener.getLogger().println("[openmaru] " + w.message()));
                outcomes = new ResourceApplier(c.client()).apply(namespace, processed.objects());
            }
            Map<String, Object> summary = summary(outcomes);
            outcomes.forEach(o -> listener.getLogger().println("[openmaru] " + o));
            listener.getLogger().println("[openmaru] applied template " + template + " to " + namespace + ": "
                    + ((List<?>) summary.get("created")).size() + " created, " + ((List<?>) summary.get("updated")).size() + " updated, "
                    + ((List<?>) summary.get("unchanged")).size() + " unchanged");
            status = "applied template " + template + " to " + namespace;
            complete(() -> getContext().onSuccess(summary));
        } catch (Exception e) {
            status = "applying template " + template + " to " + namespace + " failed: " + e.getMessage();
            // Expected refusals read as one line in the build log, without a stack trace.
            Throwable shown = e instanceof ValidationException || e instanceof GuardrailRefusedException ? new AbortException(e.getMessage()) : e;
            complete(() -> getContext().onFailure(shown));
        }
    }

    private TemplateDocument document() throws Exception {
        if (ApplyTemplateStep.OPENMARU_JAVA.equals(template)) {
            return TemplateDocument.openmaruJava();
        }
        // After a restart the opener is gone (transient): the agent's workspace is the one to read.
        Workspace.Opener opener = workspace != null ? workspace : AgentWorkspace::of;
        return TemplateDocument.parse(opener.open(getContext(), "template").read("template", template));
    }

    /** {@code created}, {@code updated}, {@code unchanged}: lists of {@code Kind/name}; {@code namespace}. */
    private Map<String, Object> summary(List<ApplyOutcome> outcomes) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("namespace", namespace);
        for (ApplyOutcome.Change change : ApplyOutcome.Change.values()) {
            List<String> names = new ArrayList<>();
            outcomes.stream().filter(o -> o.change() == change).forEach(o -> names.add(o.kind() + "/" + o.name()));
            summary.put(change.name().toLowerCase(Locale.ROOT), names);
        }
        return summary;
    }
}
