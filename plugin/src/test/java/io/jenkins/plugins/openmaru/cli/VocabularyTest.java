package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.ListBoxModel;
import io.jenkins.plugins.openmaru.jenkins.BlueGreenRolloutStep;
import io.jenkins.plugins.openmaru.jenkins.CanaryRolloutStep;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every router kind, strategy and gate kind shows up, by its label, wherever users meet the list of choices: the error
 * for a bad value, the Jenkins form's drop-down and the CLI help. A list written by hand somewhere that misses a kind
 * fails here.
 */
class VocabularyTest {

    @ParameterizedTest
    @EnumSource(RouterKind.class)
    void everyRouterIsOfferedEverywhere(RouterKind k) {
        assertThatThrownBy(() -> RouterKind.parse("nonsense")).isInstanceOf(ValidationException.class).hasMessageContaining(k.label());
        for (ListBoxModel items : List.of(new CanaryRolloutStep.DescriptorImpl().doFillRouterItems(),
                new BlueGreenRolloutStep.DescriptorImpl().doFillRouterItems())) {
            assertThat(items.stream().map(o -> o.value)).contains(k.label());
            assertThat(items.stream().filter(o -> o.value.equals(k.label())).map(o -> o.name)).singleElement().asString().contains(k.title());
        }
        for (String command : List.of("canary", "blue-green", "plan")) {
            assertThat(optionHelp(command, "--router")).contains(k.label());
        }
    }

    /**
     * Help pages are static HTML, so one that lists the routers by hand goes stale when a router is added. Only the help
     * of the Router drop-down (whose entries come from {@link RouterKind}) describes them, one by one and each of them;
     * any other help page naming two or more routers fails here.
     */
    @Test
    void onlyTheRouterDropDownsHelpListsTheRoutersAndItListsEach() throws IOException {
        Path resources = Path.of("src/main/resources");
        Path dropDownHelp = resources.resolve("io/jenkins/plugins/openmaru/jenkins/RolloutStep/help-router.html");
        List<Path> helps;
        try (Stream<Path> files = Files.walk(resources)) {
            helps = files.filter(p -> p.getFileName().toString().matches("help.*\\.html")).toList();
        }
        assertThat(helps).contains(dropDownHelp).hasSizeGreaterThan(20);
        for (Path help : helps) {
            String text = Files.readString(help, StandardCharsets.UTF_8);
            List<String> named = Arrays.stream(RouterKind.values()).map(RouterKind::label)
                    .filter(label -> text.contains("<code>" + label + "</code>") || text.contains("'" + label + "'")).toList();
            if (help.equals(dropDownHelp)) {
                assertThat(named).as(help + " describes every router of the drop-down").hasSize(RouterKind.values().length);
            } else {
                assertThat(named).as(help + " lists routers by hand; refer to the Router drop-down instead").hasSizeLessThan(2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everyStrategyIsOfferedEverywhere(Strategy s) {
        assertThatThrownBy(() -> Strategy.parse("strategy", "nonsense")).hasMessageContaining(s.label());
        assertThat(optionHelp("plan", "--strategy")).contains(s.label());
        assertThat(CliHarness.runWithoutKubeconfig("--help").out()).containsPattern("(?m)^\\s+" + s.label() + "[,\\s]");
    }

    @ParameterizedTest
    @EnumSource(GateKind.class)
    void everyGateKindIsOfferedEverywhere(GateKind k) {
        assertThatThrownBy(() -> GateSpec.parse("nonsense")).hasMessageContaining(k.id());
        String help = optionHelp("canary", "--gate");
        if (k == GateKind.PIPELINE) {
            assertThat(help).as("the block of a Jenkins step: the CLI has none to run").doesNotContain(k.id());
        } else {
            assertThat(help).contains(k.compactForm());
        }
        if (k.measures()) {
            assertThatThrownBy(() -> DrillSpec.builder("shop", "shop").gates(List.of("manual")).build())
                    .hasMessageContaining(k.id());
        }
    }

    /** The help paragraph of {@code option} in {@code openmaru COMMAND --help}, without white space (help wraps within words). */
    private static String optionHelp(String command, String option) {
        List<String> lines = CliHarness.runWithoutKubeconfig(command, "--help").out().lines().toList();
        int start = 0;
        while (!lines.get(start).trim().startsWith(option + "=")) {
            start++;
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).trim().startsWith("-")) {
            end++;
        }
        return String.join("", lines.subList(start, end)).replaceAll("\\s", "");
    }
}
