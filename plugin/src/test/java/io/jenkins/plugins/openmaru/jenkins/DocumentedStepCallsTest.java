package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;

/**
 * What the documentation shows binds in Jenkins: every step call in the Jenkinsfile code of README.md, docs/*.md and
 * examples/ is bound as Declarative binds it (structs, strict), and every argument a step's table documents is a
 * parameter of that step. A doc that shows {@code gates:} to a step without it, or {@code maxSurge: 1} to a String
 * parameter, fails here instead of in a user's Pipeline. What the Snippet Generator would show for each bound step
 * binds again to the same step, so the getters and setters agree.
 */
class DocumentedStepCallsTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void everyStepCallInTheDocsAndExamplesBindsAsDeclarativeBindsIt() throws Exception {
        Map<String, Class<?>> steps = DocSnippets.stepsBySymbol();
        List<String> failures = new ArrayList<>();
        Set<String> called = new TreeSet<>();
        int bound = 0;
        for (DocSnippets.Snippet s : DocSnippets.all(ROOT)) {
            List<GroovyStepCalls.Call> calls;
            try {
                calls = GroovyStepCalls.find(s.code(), s.source(), s.firstLine());
            } catch (IllegalArgumentException e) {
                failures.add(e.getMessage());
                continue;
            }
            for (GroovyStepCalls.Call call : calls) {
                Class<?> step = steps.get(call.step());
                if (step == null) {
                    failures.add(call.where() + ": " + call.step() + " is no step; the steps are " + steps.keySet());
                    continue;
                }
                called.add(call.step());
                try {
                    Map<String, Object> shown = StrictStepBinder.uninstantiate(StrictStepBinder.instantiate(step, call.arguments()));
                    bound++;
                    String snippet = SnippetWriter.call(call.step(), step, shown);
                    if (!StrictStepBinder.uninstantiate(StrictStepBinder.bind(step, snippet)).equals(shown)) {
                        failures.add(call.where() + ": the Snippet Generator would show " + snippet + ", which binds to something else");
                    }
                } catch (IllegalArgumentException e) {
                    failures.add(call.where() + ": " + call.step() + " " + call.arguments() + ": " + e.getMessage());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(called).as("every step is shown at least once").isEqualTo(steps.keySet());
        assertThat(bound).isGreaterThan(20);
    }

    /** What Pipeline asks before it passes a block: {@code StepDescriptor.takesImplicitBlockArgument()}. */
    private static boolean takesBlock(Class<?> step) throws ReflectiveOperationException {
        return ((StepDescriptor) Class.forName(step.getName() + "$DescriptorImpl").getDeclaredConstructor().newInstance()).takesImplicitBlockArgument();
    }

    @Test
    void theDocsGiveABlockOnlyToStepsThatTakeOne() throws Exception {
        Map<String, Class<?>> steps = DocSnippets.stepsBySymbol();
        Set<String> withBlock = new TreeSet<>();
        for (DocSnippets.Snippet s : DocSnippets.all(ROOT)) {
            for (GroovyStepCalls.Call call : GroovyStepCalls.find(s.code(), s.source(), s.firstLine())) {
                if (call.block()) {
                    assertThat(takesBlock(steps.get(call.step()))).as(call.where()).isTrue();
                    withBlock.add(call.step());
                }
            }
        }
        assertThat(withBlock).containsExactly("openmaruBlueGreen", "openmaruCanary");
    }

    @Test
    void everyArgumentAStepTableDocumentsIsAParameterOfThatStep() throws Exception {
        Map<String, Class<?>> steps = DocSnippets.stepsBySymbol();
        List<String> failures = new ArrayList<>();
        Set<String> tabled = new TreeSet<>();
        for (DocSnippets.ArgumentTable t : DocSnippets.argumentTables(ROOT)) {
            Set<String> parameters = StrictStepBinder.parameters(steps.get(t.step())).keySet();
            tabled.add(t.step());
            for (String name : t.names()) {
                if (!parameters.contains(name)) {
                    failures.add(t.where() + ": " + t.step() + " has no parameter " + name + "; it has " + parameters);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(tabled).contains("openmaruApply", "openmaruBuild", "openmaruCanary", "openmaruBlueGreen", "openmaruRolling", "openmaruRollbackDrill");
    }
}
