package org.xmcbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.cli.check.RegressionGate;
import org.xmcbench.cli.report.UnreadableResultsException;
import org.xmcbench.datasets.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xmc check}: the regression gate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compare a candidate result set with a baseline, run by run. Exits 1 when a metric drops or "
                + "a time grows beyond its tolerance, or a baseline run is missing or failed in the candidate.",
            "Fails closed: exits 3 when it cannot look — a folder missing or without run records, a damaged run.json "
                + "(named with its field), no candidate run paired with a baseline run, or a gated metric missing or "
                + "not finite on either side. Exit codes: 0 passed, 1 regression, 2 usage error, 3 could not look.",
            "Default tolerances: P@1, P@3, P@5, nDCG@5, PSP@1, PSP@3, PSP@5, R@10, coverage@5: 0.001 (absolute "
                + "drop, fraction units); fit_time: 0.25 and p99_ms: 0.50 (relative growth); throughput: 0.25 "
                + "(relative fall)."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "DIR")
    Path baseline;

    @Option(names = "--candidate", required = true, paramLabel = "DIR")
    Path candidate;

    @Option(names = "--tolerance", paramLabel = "metric=delta", description = "override a tolerance (repeatable)")
    Map<String, Double> tolerance = new LinkedHashMap<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "JUnit XML report (default: CANDIDATE/check-junit.xml)")
    Path junit;

    @Override
    public Integer call() throws Exception {
        Path out = junit != null ? junit : candidate.resolve("check-junit.xml");
        List<RegressionGate.Check> checks;
        try {
            checks = RegressionGate.compare(baseline, candidate, tolerance);
        } catch (UnreadableResultsException e) {
            spec.commandLine().getErr().println("xmc check: cannot gate: " + e.getMessage());
            // A CI job reading the JUnit file must see red too; never write into a folder that is not there.
            if (junit != null || Files.isDirectory(candidate)) {
                AtomicFiles.writeString(out, RegressionGate.junitXml(e));
            }
            return UnreadableResultsException.EXIT_CODE;
        }
        System.out.print(RegressionGate.markdown(checks));
        AtomicFiles.writeString(out, RegressionGate.junitXml(checks));
        System.out.println("\nJUnit report: " + out);
        if (RegressionGate.count(checks, RegressionGate.Verdict.NOT_COMPARABLE) > 0) {
            return UnreadableResultsException.EXIT_CODE;
        }
        return RegressionGate.count(checks, RegressionGate.Verdict.REGRESSION) > 0 ? 1 : 0;
    }
}
