package org.xmcbench.cli.report;

import java.util.List;
import java.util.Map;
import org.xmcbench.core.metrics.MetricReport.PrecisionCoveragePoint;

/**
 * One line of the leaderboard: a run at one query setting (failed runs have no metrics). {@code settings} is the
 * run's given fit parameters ("preset=quick prototype_network=false"), so variants of a method tell apart.
 * {@code coverageAtP90}/{@code coverageAtP95} pick the threshold on the test labels (an upper bound);
 * the {@code val} fields use the threshold chosen on a validation split (runs with {@code validation} only):
 * the share of test queries it accepts and the precision they have. {@code ensemble} tells a suite's combined
 * ensemble from a single model; {@code metrics} holds every metric a paper may report (P, nDCG, PSP at any k in the
 * pyxclib dialect, R at any k in the pecos dialect), by the name papers give it. {@code k} is how many labels the
 * run predicted (null in records that do not say); {@code runFolder} is the run's folder relative to the results
 * folder ({@code runs/DATASET/METHOD/CONFIG}); {@code decileContribution} is each label-frequency decile's share of
 * P@5, rarest labels first (empty for records written before it was kept).
 */
public record LeaderboardRow(String dataset, String method, String queryKey, String configHash, String settings,
                             String status,
                             String reason, Double p1, Double p3, Double p5, Double ndcg5, Double psp1, Double psp3,
                             Double psp5, Double r10, Double coverage5, Double coverageAtP90, Double coverageAtP95,
                             Double valCoverage90, Double valPrecision90, Double valCoverage95,
                             Double valPrecision95, Double fitSeconds,
                             Double p50Ms, Double p99Ms, Double throughputQps, String hardware, long seed,
                             Integer k, String runFolder, List<PrecisionCoveragePoint> precisionCoverage,
                             List<Double> decileContribution, boolean ensemble, Map<String, Double> metrics) {
    public String label() {
        return method + ("default".equals(queryKey) ? "" : " [" + queryKey + "]");
    }
}
