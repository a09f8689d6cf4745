package org.xmcbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xmcbench.cli.report.DamagedRecordException;
import org.xmcbench.cli.report.ReportWriter;
import org.xmcbench.cli.report.UnreadableResultsException;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.DataHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xmc report}: leaderboards from every run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write leaderboard.md, leaderboard.csv and a self-contained leaderboard.html (plots embedded, "
                + "no network) from every run.json under the results folder, with a reported-vs-reproduced table: "
                + "the published numbers of the xmcbench checkout's results/reported.csv (or --reported) beside the "
                + "runs of them.",
            "A damaged run.json is left out with a warning naming its file and field (and listed in the report). "
                + "Exits 3, writing nothing, when the folder does not exist or holds no readable run record."})
final class ReportCommand implements Callable<Integer> {
    /** The published numbers, relative to the checkout. */
    static final String PUBLISHED_NUMBERS = "results/reported.csv";

    @Spec
    CommandSpec spec;

    @Option(names = "--results", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--reported", paramLabel = "FILE", description = "published numbers to compare with (default: "
            + "results/reported.csv of the xmcbench checkout, whatever --results is)")
    Path reported;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        ReportWriter.Written w;
        try {
            Path home = DataHome.home();
            Path published = reported != null ? reported : home.resolve(PUBLISHED_NUMBERS);
            if (reported != null && !Files.isRegularFile(reported)) {
                spec.commandLine().getErr().println("xmc report: --reported " + reported + " is not a file");
                return UnreadableResultsException.EXIT_CODE;
            }
            w = ReportWriter.write(results, published, Catalog.ofHomeOrEmpty(home));
        } catch (UnreadableResultsException e) {
            spec.commandLine().getErr().println("xmc report: " + e.getMessage());
            return UnreadableResultsException.EXIT_CODE;
        }
        for (DamagedRecordException d : w.skipped()) {
            spec.commandLine().getErr().println("xmc report: warning: left out a damaged run record: "
                    + d.getMessage());
        }
        System.out.println("wrote " + w.markdown() + "\nwrote " + w.csv() + "\nwrote " + w.html());
        return 0;
    }
}
