package io.jenkins.plugins.openmaru;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.model.ProductVersion;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** The top-level help and version the build rendered are what the whole command line prints now, for every way of asking for them. */
class TopLevelHelpTest {

    private static String built(Ansi ansi) throws IOException {
        return built(TopLevelHelp.ARGS, ansi);
    }

    private static String built(List<List<String>> asking, Ansi ansi) throws IOException {
        String resource = TopLevelHelp.resource(asking, ansi);
        try (InputStream in = TopLevelHelp.class.getResourceAsStream(resource)) {
            assertThat(in).as("the build rendered %s (maven-antrun-plugin, process-classes)", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBuiltRenderingsArePicocliOutputForEachWayOfAskingForHelp() throws IOException {
        for (Ansi ansi : List.of(Ansi.OFF, Ansi.ON)) {
            for (List<String> args : TopLevelHelp.ARGS) {
                assertThat(built(ansi)).as("openmaru %s, %s", args, ansi).isEqualTo(TopLevelHelp.render(ansi, args));
            }
        }
        assertThat(built(Ansi.OFF)).startsWith("Usage: openmaru").contains("canary", "sandbox").doesNotContain("\u001B[");
        assertThat(built(Ansi.ON)).contains("\u001B[");
    }

    @Test
    void theBuiltVersionIsPicocliOutputForEachWayOfAskingForIt() throws IOException {
        for (Ansi ansi : List.of(Ansi.OFF, Ansi.ON)) {
            for (List<String> args : TopLevelHelp.VERSION_ARGS) {
                assertThat(built(TopLevelHelp.VERSION_ARGS, ansi)).as("openmaru %s, %s", args, ansi).isEqualTo(TopLevelHelp.render(ansi, args));
            }
        }
        assertThat(built(TopLevelHelp.VERSION_ARGS, Ansi.OFF)).isEqualTo("openmaru " + ProductVersion.current() + System.lineSeparator());
        assertThat(TopLevelHelp.cached(new String[] {"-V"})).contains(built(TopLevelHelp.VERSION_ARGS, Ansi.OFF));
    }

    @Test
    void aSubcommandsVersionIsStillAnsweredByPicocli() {
        StringWriter out = new StringWriter();
        int exit = Cli.forArgs(new String[] {"status", "--version"}).setOut(new PrintWriter(out, true)).execute("status", "--version");

        assertThat(exit).isZero();
        assertThat(out).hasToString(TopLevelHelp.render(Ansi.OFF, List.of("status", "--version")));
    }

    @Test
    void everySubcommandsVersionIsTheCliVersion() {
        String version = TopLevelHelp.render(Ansi.OFF, List.of("--version"));
        assertThat(version).startsWith("openmaru ");
        for (List<String> args : List.of(List.of("status", "--version"), List.of("canary", "-V"), List.of("sandbox", "demo", "--version"))) {
            StringWriter out = new StringWriter();
            String[] a = args.toArray(String[]::new);
            int exit = Cli.forArgs(a, new SandboxCommand()).setOut(new PrintWriter(out, true)).execute(a);
            assertThat(exit).as(String.join(" ", args)).isZero();
            assertThat(out).as(String.join(" ", args)).hasToString(version);
        }
    }

    @Test
    void onlyTheTopLevelHelpAndVersionAreServedFromTheBuild() {
        assertThat(TopLevelHelp.cached(new String[] {"--help"})).isPresent();
        assertThat(TopLevelHelp.cached(new String[] {"help"})).isPresent();
        assertThat(TopLevelHelp.cached(new String[] {"status", "--help"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {"help", "status"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {"--version"})).isPresent();
        assertThat(TopLevelHelp.cached(new String[] {"status", "--version"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {"--version", "--help"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {})).isEmpty();
    }
}
