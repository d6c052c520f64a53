package io.jenkins.plugins.openmaru.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/** The layer rules of DESIGN.md, for the packages under a root package. */
final class LayerRules {
    static final String[] JENKINS_PACKAGES = {"hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..", "com.cloudbees.."};

    private LayerRules() {
    }

    static List<ArchRule> under(String root) {
        return List.of(layers(root), modelIsPlain(root), onlyJenkinsLayerUsesJenkins(root));
    }

    /** jenkins, cli, sandbox -> engine -> traffic, workload, gate, image -> model; nothing imports upward. */
    static ArchRule layers(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("model").definedBy(root + ".model..")
                .layer("domain").definedBy(root + ".traffic..", root + ".workload..", root + ".gate..", root + ".image..")
                .layer("engine").definedBy(root + ".engine..")
                .layer("jenkins").definedBy(root + ".jenkins..")
                .layer("cli").definedBy(root + ".cli..")
                .layer("sandbox").definedBy(root + ".sandbox..")
                .whereLayer("jenkins").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("sandbox").mayNotBeAccessedByAnyLayer()
                .whereLayer("engine").mayOnlyBeAccessedByLayers("jenkins", "cli", "sandbox")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("engine", "jenkins", "cli", "sandbox")
                .whereLayer("model").mayOnlyBeAccessedByLayers("domain", "engine", "jenkins", "cli", "sandbox");
    }

    /** model holds plain values: no fabric8, no Jenkins. */
    static ArchRule modelIsPlain(String root) {
        String[] forbidden = new String[JENKINS_PACKAGES.length + 1];
        System.arraycopy(JENKINS_PACKAGES, 0, forbidden, 0, JENKINS_PACKAGES.length);
        forbidden[JENKINS_PACKAGES.length] = "io.fabric8..";
        return noClasses().that().resideInAPackage(root + ".model..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .allowEmptyShould(true);
    }

    /** Jenkins types appear only in the jenkins layer, so everything else runs without Jenkins. */
    static ArchRule onlyJenkinsLayerUsesJenkins(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".jenkins..")
                .should().dependOnClassesThat().resideInAnyPackage(JENKINS_PACKAGES)
                .allowEmptyShould(true);
    }
}
