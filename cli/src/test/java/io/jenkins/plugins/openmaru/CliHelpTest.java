package io.jenkins.plugins.openmaru;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} of every command, {@code openmaru help}, and the options a command takes, as a user reads them. */
class CliHelpTest {
    private record Run(int exit, String out, String err) { }

    /** Runs the openmaru command line; picocli's own warnings go to System.err, so that is captured too. */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.commandLine(new SandboxCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
            return new Run(exit, out.toString(), err + stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static List<List<String>> allCommands(CommandLine c, List<String> path) {
        List<List<String>> out = new ArrayList<>();
        out.add(path);
        c.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                out.addAll(allCommands(sub, p));
            }
        });
        return out;
    }

    @Test
    void everyHelpPrintsWithoutPicocliWarnings() {
        List<List<String>> commands = allCommands(Cli.commandLine(new SandboxCommand()), List.of());
        assertThat(commands).hasSizeGreaterThan(15);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Run run = run(args.toArray(String[]::new));

            assertThat(run.exit()).as(String.join(" ", args)).isZero();
            assertThat(run.err()).as(String.join(" ", args)).doesNotContain("[picocli WARN]");
            assertThat(run.out()).as(String.join(" ", args)).doesNotContain("%n").doesNotContain("%%").startsWith("Usage: openmaru");
        }
    }

    @Test
    void everyDescriptionWrapsAsParagraphsWithoutRaggedLines() {
        CommandLine top = Cli.commandLine(new SandboxCommand());
        for (List<String> command : allCommands(top, List.of())) {
            CommandLine c = top;
            for (String name : command) {
                c = c.getSubcommands().get(name);
            }
            // picocli starts a new line for each description element: one that stops mid-sentence leaves a short line
            for (String line : c.getHelp().description().split("\n")) {
                if (!line.isBlank() && !line.strip().matches(".*[.:)]$")) {
                    assertThat(line.length()).as("'%s' in the help of openmaru %s", line, String.join(" ", command)).isGreaterThan(60);
                }
            }
        }
    }

    @Test
    void theTopLevelListsEachCommandWithAWholeSentence() {
        String commands = run("--help").out().split("Commands:\n", 2)[1];

        // a summary wraps onto indented lines; joined, each one ends its sentence
        for (String entry : commands.split("\n(?=  \\S)")) {
            assertThat(entry.replaceAll("\\s+", " ").strip()).as(entry).endsWith(".");
        }
        assertThat(commands).contains("bluegreen").contains("rolling").contains("apply").contains("help");
    }

    @Test
    void helpIsACommandToo() {
        Run help = run("help");
        Run canary = run("help", "canary");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: openmaru ");
        assertThat(canary.exit()).isZero();
        assertThat(canary.out()).startsWith("Usage: openmaru canary ");
    }

    @Test
    void rollingTalksOfNoSlotAndTakesNoRouterOptions() {
        String help = run("rolling", "--help").out();

        assertThat(help).doesNotContain("slot").doesNotContain("--router").doesNotContain("--scale-down-delay").doesNotContain("--bake");
        assertThat(run("canary", "--help").out()).contains("--router").contains("--scale-down-delay").contains("--bake");
        Run refused = run("rolling", "shop", "--image", "shop:v1", "--scale-down-delay", "5m");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Unknown options: '--scale-down-delay', '5m'");
    }

    @Test
    void theDemoDescribesItsFiveChaptersAndRefusesOptionsItWouldIgnore() {
        String help = run("sandbox", "demo", "--help").out();

        assertThat(help).contains("1 initial deploy").contains("2 healthy canary").contains("3 faulty canary").contains("4 blue/green")
                .contains("5 instant rollback");
        for (String[] args : List.of(new String[] {"-n", "prod", "sandbox", "demo"}, new String[] {"sandbox", "demo", "-n", "prod"})) {
            Run refused = run(args);
            assertThat(refused.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(refused.err()).contains("--namespace: prod is not allowed; expected no such option for 'sandbox demo'");
        }
        Run json = run("sandbox", "demo", "-o", "json");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err()).contains("--output: json is not allowed");
    }
}
