package org.xmcbench.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xmc} command line. Exit codes: {@link ExitCodes}, listed at the end of every {@code --help}. */
@Command(name = "xmc", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "xmcbench: reproducible benchmarks for extreme multi-label classification.",
        subcommands = {DatasetsCommand.class, EvaluateCommand.class, RunCommand.class, ReportCommand.class, CheckCommand.class, EnsembleCommand.class, EnginesCommand.class, MethodsCommand.class, StatusCommand.class, CancelCommand.class, RunSpecCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        exitCodesInHelp(cl);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Expected failures (bad input, missing files, offline) get one clear line, not a stack trace.
            String msg = ex.getMessage() != null ? ex.getMessage() : ex.toString();
            cmd.getErr().println("xmc: error: " + msg);
            if (System.getenv("XMC_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    /**
     * A usage error prints its message, any "did you mean" picocli has for an unknown option or command, and one
     * line pointing at the command's --help: the whole help would bury the message.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("xmc: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.USAGE;
    }

    /** The one exit-code table, at the end of every command's help. */
    private static void exitCodesInHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.table());
        cl.getSubcommands().values().forEach(Main::exitCodesInHelp);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
