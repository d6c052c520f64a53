package io.jenkins.plugins.openmaru.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final String ROOT = "io.jenkins.plugins.openmaru";
    private static final String FIXTURE = ROOT + ".archfixture";

    @Test
    void productionCodeKeepsTheLayers() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);

        assertThat(classes.contain(ROOT + ".jenkins.VersionStep")).isTrue();
        for (ArchRule rule : LayerRules.under(ROOT)) {
            rule.check(classes);
        }
    }

    @Test
    void rulesCatchAPlantedUpwardImportAndJenkinsTypesOutsideTheJenkinsLayer() {
        JavaClasses fixture = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(FIXTURE);

        List<String> failures = LayerRules.under(FIXTURE).stream()
                .map(rule -> rule.evaluate(fixture))
                .filter(EvaluationResult::hasViolation)
                .flatMap(result -> result.getFailureReport().getDetails().stream())
                .toList();

        assertThat(failures)
                .anySatisfy(f -> assertThat(f).contains("model.LeakyValue").contains("engine.Rollouts"))
                .anySatisfy(f -> assertThat(f).contains("model.LeakyValue").contains("hudson.model.Result"))
                .anySatisfy(f -> assertThat(f).contains("cli.BreakGlass").contains("jenkins.StepGlue"))
                .noneSatisfy(f -> assertThat(f).contains("jenkins.StepGlue").contains("hudson.model.Result"));
    }
}
