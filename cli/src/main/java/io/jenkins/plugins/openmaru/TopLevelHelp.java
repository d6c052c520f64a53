package io.jenkins.plugins.openmaru;

import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.sandbox.SandboxCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code openmaru --help} (and {@code -h}, {@code help}) and {@code openmaru --version} (and {@code -V}) as picocli
 * prints them, rendered once at build time by {@link #main} from the whole command line, in plain text and with ANSI
 * styles. Printing them costs no command tree: building all of them with their annotations is most of a short JVM's
 * work. TopLevelHelpTest checks each rendering against picocli's output for each of {@link #ARGS} and {@link #VERSION_ARGS}.
 */
public final class TopLevelHelp {
    /** The command lines whose whole output is the top-level usage. */
    public static final List<List<String>> ARGS = List.of(List.of("--help"), List.of("-h"), List.of("help"));
    /** The command lines whose whole output is the top-level version. */
    public static final List<List<String>> VERSION_ARGS = List.of(List.of("--version"), List.of("-V"));

    private TopLevelHelp() {}

    /** The resource that holds the help's rendering with or without ANSI styles. */
    public static String resource(Ansi ansi) {
        return resource(ARGS, ansi);
    }

    /** The resource that holds the rendering of what {@code asking} ({@link #ARGS} or {@link #VERSION_ARGS}) prints. */
    public static String resource(List<List<String>> asking, Ansi ansi) {
        return (asking == VERSION_ARGS ? "top-level-version" : "top-level-help") + (ansi == Ansi.ON ? ".ansi" : ".txt");
    }

    /** Writes every rendering into {@code args[0]} (the build's classes directory), in this class's package. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(TopLevelHelp.class.getPackageName().replace('.', '/'));
        Files.createDirectories(dir);
        for (List<List<String>> asking : List.of(ARGS, VERSION_ARGS)) {
            for (Ansi ansi : List.of(Ansi.OFF, Ansi.ON)) {
                Files.writeString(dir.resolve(resource(asking, ansi)), render(ansi, asking.get(0)), StandardCharsets.UTF_8);
            }
        }
    }

    /** What the whole command line prints to standard output for {@code args}, styled by {@code ansi}. */
    public static String render(Ansi ansi, List<String> args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new SandboxCommand()).setOut(new PrintWriter(out, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        int exit = commandLine.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("openmaru " + args + " exited " + exit);
        }
        return out.toString();
    }

    /**
     * The build's rendering when {@code args} ask for the top-level help or version and nothing overrides picocli's
     * defaults (a usage width); styled when picocli would style it (a terminal, or {@code -Dpicocli.ansi=true}).
     */
    static Optional<String> cached(String[] args) {
        List<List<String>> asking = VERSION_ARGS.contains(Arrays.asList(args)) ? VERSION_ARGS : ARGS;
        if (!asking.contains(Arrays.asList(args)) || System.getProperty("picocli.usage.width") != null) {
            return Optional.empty();
        }
        try (InputStream in = TopLevelHelp.class.getResourceAsStream(resource(asking, Ansi.AUTO.enabled() ? Ansi.ON : Ansi.OFF))) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
