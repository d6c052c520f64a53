package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example Jenkinsfile calls only steps that exist, with arguments that bind as Declarative binds them, in the order of a release. */
class ExampleJenkinsfileTest {
    @Test
    void everyStepCallUsesArgumentsTheStepTakes() throws Exception {
        String text = Files.readString(Path.of("../examples/Jenkinsfile"));
        Map<String, Class<?>> steps = DocSnippets.stepsBySymbol();
        Set<String> called = new LinkedHashSet<>();
        for (GroovyStepCalls.Call call : GroovyStepCalls.find(text, "examples/Jenkinsfile", 1)) {
            assertThat(steps).as(call.where()).containsKey(call.step());
            StrictStepBinder.instantiate(steps.get(call.step()), call.arguments());
            called.add(call.step());
        }
        assertThat(called).contains("openmaruApply", "openmaruBuild", "openmaruCanary", "openmaruStatus", "openmaruRollback");
        assertThat(text.indexOf("openmaruApply")).isLessThan(text.indexOf("openmaruBuild"));
        assertThat(text).containsPattern("env\\.IMAGE = openmaruBuild").containsPattern("openmaruCanary[^\\n]*image: env\\.IMAGE");
    }
}
