package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.cli.check.RegressionGate;
import org.xmcbench.datasets.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xmc check}: the regression gate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compare a candidate result set with a baseline, run by run. Exits 1 when a metric drops or "
                + "a time grows beyond its tolerance, or a baseline run is missing or failed in the candidate.",
            "Default tolerances: P@1, P@3, P@5, nDCG@5, PSP@1, PSP@3, PSP@5, R@10, coverage@5: 0.001 (absolute "
                + "drop, fraction units); fit_time: 0.25 and p99_ms: 0.50 (relative growth); throughput: 0.25 "
                + "(relative fall)."})
final class CheckCommand implements Callable<Integer> {
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
        List<RegressionGate.Check> checks = RegressionGate.compare(baseline, candidate, tolerance);
        System.out.print(RegressionGate.markdown(checks));
        Path out = junit != null ? junit : candidate.resolve("check-junit.xml");
        AtomicFiles.writeString(out, RegressionGate.junitXml(checks));
        System.out.println("\nJUnit report: " + out);
        return checks.stream().allMatch(RegressionGate.Check::passed) ? 0 : 1;
    }
}
