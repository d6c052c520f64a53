package io.jenkins.plugins.openmaru;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** The top-level help the build rendered is what the whole command line prints now, for every way of asking for it. */
class TopLevelHelpTest {

    private static String built(Ansi ansi) throws IOException {
        try (InputStream in = TopLevelHelp.class.getResourceAsStream(TopLevelHelp.resource(ansi))) {
            assertThat(in).as("the build rendered %s (exec-maven-plugin, process-classes)", TopLevelHelp.resource(ansi)).isNotNull();
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
    void onlyTheTopLevelHelpIsServedFromTheBuild() {
        assertThat(TopLevelHelp.cached(new String[] {"--help"})).isPresent();
        assertThat(TopLevelHelp.cached(new String[] {"help"})).isPresent();
        assertThat(TopLevelHelp.cached(new String[] {"status", "--help"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {"help", "status"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {"--version"})).isEmpty();
        assertThat(TopLevelHelp.cached(new String[] {})).isEmpty();
    }
}
