package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which subcommands the command line for a given argument list holds: the one it names, or every one when that is unclear. */
class CliForArgsTest {
    private static final Set<String> ALL = Cli.commandLine().getSubcommands().keySet();

    private static Set<String> held(String... args) {
        return Cli.forArgs(args).getSubcommands().keySet();
    }

    @Test
    void aNamedSubcommandAfterTheGlobalOptionsIsTheOnlyOneBuilt() {
        assertThat(held("--kubeconfig", "status", "-n", "ns", "--context=canary", "status", "shop")).containsExactly("status");
        assertThat(held("-o", "json", "bluegreen", "shop", "--image", "x")).as("by an alias").containsExactlyInAnyOrder("blue-green", "bluegreen");
        assertThat(held("history", "shop", "--help")).containsExactly("history");
    }

    @Test
    void anythingUnclearGetsEveryCommandAsHelpAndSuggestionsNeedThem() {
        assertThat(ALL).contains("canary", "blue-green", "status", "help").hasSizeGreaterThan(10);
        assertThat(held("--help")).isEqualTo(ALL);
        assertThat(held()).isEqualTo(ALL);
        assertThat(held("help", "status")).isEqualTo(ALL);
        assertThat(held("stauts", "shop")).as("a typo").isEqualTo(ALL);
        assertThat(held("--no-such-option", "status", "shop")).isEqualTo(ALL);
        assertThat(held("--require-digest", "status", "shop")).as("an option whose value is optional").isEqualTo(ALL);
        assertThat(held("-n")).isEqualTo(ALL);
    }

    @Test
    void theNamedSubcommandTakesTheGlobalOptionsAsTheWholeCommandLineDoes() {
        CliHarness.Run before = CliHarness.runWithoutKubeconfig("-o", "yaml", "status", "shop");
        CliHarness.Run after = CliHarness.runWithoutKubeconfig("status", "shop", "--output=yaml");

        assertThat(before.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(before.err()).contains("--output").contains("yaml").contains("text, json");
        assertThat(after.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(after.err()).contains("--output").contains("yaml").contains("text, json").contains("Try 'openmaru status --help'.");
    }
}
