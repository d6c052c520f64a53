package io.jenkins.plugins.openmaru.cli;

import picocli.CommandLine;

/** Builds the {@code openmaru} command line with its exit codes: failures print one line, never a stack trace. */
public final class Cli {
    private Cli() {}

    /** @param extraSubcommands command objects from outside this package (e.g. {@code sandbox}) */
    public static CommandLine commandLine(Object... extraSubcommands) {
        CommandLine cl = new CommandLine(new OpenmaruCommand());
        for (Object sub : extraSubcommands) {
            cl.addSubcommand(sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("openmaru: " + ExitCodes.message(e) + (ExitCodes.unreachable(e) ? ClusterTarget.of(commandLine) : ""));
            commandLine.getErr().flush();
            return ExitCodes.of(e);
        });
        cl.setParameterExceptionHandler((thrown, args) -> {
            CommandLine.ParameterException e = Suggestions.first(thrown);
            CommandLine c = e.getCommandLine();
            c.getErr().println("openmaru: " + e.getMessage() + Suggestions.didYouMean(e));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            c.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }
}
