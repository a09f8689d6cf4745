package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xmcbench.cli.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xmc report}: leaderboards from every run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write leaderboard.md, leaderboard.csv and a self-contained leaderboard.html (plots embedded, "
                + "no network) from every run.json under the results folder, with a reported-vs-reproduced table "
                + "fed by results/reported.csv.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--results", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        ReportWriter.Written w = ReportWriter.write(results);
        System.out.println("wrote " + w.markdown() + "\nwrote " + w.csv() + "\nwrote " + w.html());
        return 0;
    }
}
