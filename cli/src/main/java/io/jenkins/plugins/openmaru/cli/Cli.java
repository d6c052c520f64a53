package io.jenkins.plugins.openmaru.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Builds the {@code openmaru} command line with its exit codes: failures print one line, never a stack trace. */
public final class Cli {
    /** The subcommands of {@code openmaru}, in the order its help lists them (commands from other modules come after). */
    static final List<Class<?>> SUBCOMMANDS = List.of(CanaryCommand.class, BlueGreenCommand.class, RollingCommand.class, PromoteCommand.class,
            AbortCommand.class, RollbackCommand.class, ResumeCommand.class, StatusCommand.class, HistoryCommand.class, PlanCommand.class,
            DrillCommand.class, BuildCommand.class, ApplyCommand.class, HelpCommand.class);

    private Cli() {}

    /** The whole command line: every subcommand, then {@code extraSubcommands} (command objects from outside this package, e.g. {@code sandbox}). */
    public static CommandLine commandLine(Object... extraSubcommands) {
        return withHandlers(new CommandLine(new OpenmaruCommand()), all(extraSubcommands));
    }

    /**
     * The command line to execute {@code args} with. When they name a subcommand, it holds only that one: picocli reads
     * the annotations of every command it holds, and for all of them that costs a short command (status) more than
     * its own work before the first request. Anything else (top-level help and options only, {@code help}, a mistyped
     * or an unknown option) gets the whole command line, so that help lists every command and errors suggest among
     * all of them; the subcommand parses its arguments the same way either way.
     */
    public static CommandLine forArgs(String[] args, Object... extraSubcommands) {
        List<Object> all = all(extraSubcommands);
        // The top command's model reads the options before the subcommand's name, and then holds the subcommand: built once.
        CommandLine top = new CommandLine(new OpenmaruCommand());
        return withHandlers(top, named(args, top.getCommandSpec(), all).map(List::of).orElse(all));
    }

    private static List<Object> all(Object... extraSubcommands) {
        List<Object> all = new ArrayList<>(SUBCOMMANDS);
        all.addAll(Arrays.asList(extraSubcommands));
        return all;
    }

    /** The subcommand {@code args} name after the top command's options, if they plainly name one (not {@code help}). */
    private static Optional<Object> named(String[] args, CommandSpec top, List<Object> subcommands) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return subcommands.stream().filter(s -> s != HelpCommand.class && names(s).contains(arg)).findFirst();
            }
            OptionSpec option = top.findOption(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
            if (option == null || option.usageHelp() || option.versionHelp() || option.arity().min() != option.arity().max()) {
                // "--", an unknown option, help, or an option whose value is optional: picocli decides, over the whole command line.
                return Optional.empty();
            }
            if (option.arity().max() > 0 && !arg.contains("=")) {
                i++;
            }
        }
        return Optional.empty();
    }

    private static List<String> names(Object subcommand) {
        Command c = (subcommand instanceof Class<?> k ? k : subcommand.getClass()).getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(c.aliases()));
        names.add(c.name());
        return names;
    }

    /*
     * Loops and classes rather than method references and lambdas on picocli's types here: the archive dump of ./openmaru
     * links the types a lambda's proxy refers to, and leaves a linked Java 5 class (all of picocli's) out of the archive.
     */
    private static CommandLine withHandlers(CommandLine cl, List<Object> subcommands) {
        for (Object sub : subcommands) {
            cl.addSubcommand(sub);
        }
        versionEverywhere(cl);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new OneLineFailure());
        cl.setParameterExceptionHandler(new UsageMistake());
        return cl;
    }

    /** Every subcommand's {@code --version} (the standard help options') prints the CLI's version, as the top command's does. */
    private static void versionEverywhere(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null && sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(new CliVersion());
            }
            versionEverywhere(sub);
        }
    }

    /** A failure while running a command: one line, never a stack trace, and the exit code for what failed. */
    private static final class OneLineFailure implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            commandLine.getErr().println("openmaru: " + ExitCodes.message(e) + (ExitCodes.unreachable(e) ? ClusterTarget.of(commandLine) : ""));
            commandLine.getErr().flush();
            return ExitCodes.of(e);
        }
    }

    /** A mistyped command line: what is wrong, the nearest name, and where the help is. */
    private static final class UsageMistake implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException thrown, String[] args) {
            CommandLine.ParameterException e = Suggestions.first(thrown);
            CommandLine c = e.getCommandLine();
            c.getErr().println("openmaru: " + e.getMessage() + Suggestions.didYouMean(e));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            c.getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
    }
}
