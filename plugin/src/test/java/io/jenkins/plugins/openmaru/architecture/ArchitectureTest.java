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
    /** The other modules' test jars (cluster fixtures) are tests too; their main jars are production code. */
    private static final ImportOption NO_TEST_JARS = location -> !location.contains("-tests.jar");

    @Test
    void productionCodeKeepsTheLayers() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(NO_TEST_JARS)
                .importPackages(ROOT);

        // every module's classes: core, sandbox and cli are jars or class directories on this module's classpath
        assertThat(List.of(".jenkins.VersionStep", ".engine.RolloutEngine", ".model.RolloutSpec", ".image.S2iBuilder",
                ".sandbox.SimulatedOpenShift", ".cli.Cli", ".OpenmaruMain")).allMatch(name -> classes.contain(ROOT + name));
        assertThat(classes).noneMatch(c -> c.getPackageName().startsWith(FIXTURE) || c.getSimpleName().endsWith("Test"));
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
