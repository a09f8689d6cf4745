package org.xmcbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xmc datasets}: the catalog and the data on disk. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List, fetch, inspect, convert and generate datasets; slice one for a memorisation check or sample a smaller one.",
        subcommands = {DatasetsListCommand.class, DatasetsFetchCommand.class, DatasetsVerifyCommand.class, DatasetsStatsCommand.class,
                DatasetsConvertCommand.class, DatasetsGenerateCommand.class,
                DatasetsMemoriseCommand.class, DatasetsSampleCommand.class})
final class DatasetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
