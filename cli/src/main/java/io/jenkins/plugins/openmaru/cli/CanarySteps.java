package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --steps "10,pause:30s,50,manual,100"}: a weight, {@code pause:DURATION},
 * {@code manual} (pause until promoted), {@code manual:TIMEOUT[:abort|promote]} (a timed approval: after TIMEOUT
 * without promote, resume or abort, the rollout aborts or promotes) or {@code analysis} (measure the gates here). With gates
 * and no {@code analysis} token, the gates measure after every weight below 100.
 */
final class CanarySteps {
    static final String ALLOWED = "comma-separated steps: a weight 1-100, pause:DURATION, manual, manual:TIMEOUT[:abort|promote] or analysis, "
            + "e.g. 10,pause:30s,50,manual:30m,100";

    private CanarySteps() {}

    static List<CanaryStep> parse(String text, List<GateSpec> gates, AnalysisPolicy policy) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("steps", text, ALLOWED);
        }
        String[] tokens = text.split(",", -1);
        boolean explicitAnalysis = false;
        for (String t : tokens) {
            explicitAnalysis |= t.trim().equals("analysis");
        }
        List<CanaryStep> steps = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i].trim();
            String field = "steps[" + i + "]";
            if (t.matches("\\d{1,3}")) {
                int weight = Integer.parseInt(t);
                steps.add(CanaryStep.setWeight(weight));
                if (!explicitAnalysis && !gates.isEmpty() && weight < 100) {
                    steps.add(CanaryStep.analysis(policy, gates));
                }
            } else if (t.equals("manual")) {
                steps.add(CanaryStep.pause());
            } else if (t.startsWith("manual:")) {
                steps.add(CanaryStep.analysis(policy, List.of(GateSpec.parse(t))));
            } else if (t.startsWith("pause:")) {
                steps.add(CanaryStep.pause(Durations.parse(field + ".pause", t.substring("pause:".length()))));
            } else if (t.equals("analysis")) {
                if (gates.isEmpty()) {
                    throw new ValidationException(field, t, "an analysis step only with at least one --gate");
                }
                steps.add(CanaryStep.analysis(policy, gates));
            } else {
                throw new ValidationException(field, t.isEmpty() ? "(empty)" : t, ALLOWED);
            }
        }
        return steps;
    }
}
