package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

class VersionStepTest {
    private static final String BUILT_VERSION = System.getProperty("openmaru.project.version");

    @Test
    void executionCompletesAtOnceWithTheBuiltPluginVersion() throws Exception {
        TestStepContext context = new TestStepContext();

        StepExecution execution = new VersionStep().start(context);
        boolean synchronous = execution.start();

        assertThat(synchronous).isTrue();
        assertThat(BUILT_VERSION).isNotBlank();
        assertThat(context.awaitSuccess(Duration.ofSeconds(1))).isEqualTo(BUILT_VERSION);
        assertThat(context.completionCount()).isEqualTo(1);
    }

    @Test
    void descriptorIsRegisteredAsAnExtensionUnderTheStepName() {
        List<String> indexed = new ArrayList<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, getClass().getClassLoader())) {
            indexed.add(item.className());
        }
        VersionStep.DescriptorImpl descriptor = new VersionStep.DescriptorImpl();

        assertThat(indexed).contains(VersionStep.DescriptorImpl.class.getName());
        assertThat(descriptor.getFunctionName()).isEqualTo("openmaruVersion");
        assertThat(VersionStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("openmaruVersion");
        assertThat(descriptor.getRequiredContext()).isEmpty();
    }
}
