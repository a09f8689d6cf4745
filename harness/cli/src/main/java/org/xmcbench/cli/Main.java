package org.xmcbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xmc} command line. Exit codes: 0 success, 1 failure, 2 usage error. */
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
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Expected failures (bad input, missing files, offline) get one clear line, not a stack trace.
            String msg = ex.getMessage() != null ? ex.getMessage() : ex.toString();
            cmd.getErr().println("xmc: error: " + msg);
            if (System.getenv("XMC_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
