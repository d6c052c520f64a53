package io.jenkins.plugins.openmaru.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

/** The stubs we compile against, and our calls into them, match the real Jenkins API. */
class JenkinsApiFidelityTest {
    private static final String OURS = "io/jenkins/plugins/openmaru/";

    private static ApiSignatures api;
    private static List<ClassNode> compiled;

    @BeforeAll
    static void load() {
        api = ApiSignatures.load(ApiSignatures.defaultDir());
        compiled = CompiledClasses.readAll(CompiledClasses.defaultDir());
    }

    @Test
    void everyStubMemberExistsInTheRealApiWithTheSameDescriptorAndFlags() {
        List<ClassNode> stubs = compiled.stream().filter(c -> !c.name.startsWith(OURS)).toList();

        assertThat(stubs).extracting(c -> c.name)
                .contains("hudson/Extension", "org/jenkinsci/plugins/workflow/steps/StepExecution");
        assertThat(StubConformance.check(stubs, api)).isEmpty();
    }

    @Test
    void everyReferenceFromOurBytecodeIntoJenkinsResolvesToUnrestrictedApi() {
        List<ClassNode> ours = compiled.stream().filter(c -> c.name.startsWith(OURS)).toList();

        assertThat(ours).extracting(c -> c.name).contains(OURS + "jenkins/VersionStep$Execution");
        assertThat(ApiReferences.check(ours, api)).isEmpty();
    }
}
