package org.xmcbench.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Coverage at a target precision as a deployed system gets it: the threshold on top-1 scores is chosen on a
 * validation split (the lowest threshold whose accepted rows reach the target precision there, i.e. the largest
 * validation coverage) and then applied unchanged to the test split, which reports how many rows it accepts and
 * the precision those rows actually have. The test-side oracle ({@code coverage_at_precision@p}) picks the
 * threshold on the test labels themselves and is an upper bound of this.
 */
public final class ThresholdTransfer {
    private static final double EPS = 1e-12;

    private ThresholdTransfer() {}

    /**
     * One target's outcome.
     *
     * @param target the precision the threshold was chosen for
     * @param threshold the validation threshold, or null when no threshold reaches the target on validation
     * @param validationCoverage the share of validation rows it accepts
     * @param coverage the share of test rows it accepts
     * @param precision the precision of the accepted test rows, or null when it accepts none
     */
    public record Outcome(double target, Float threshold, double validationCoverage, double coverage,
                          Double precision) {}

    /** Both curves as {@link MetricsEngine} computes them: one point per distinct top-1 score, descending. */
    public static List<Outcome> transfer(List<MetricReport.PrecisionCoveragePoint> validation,
                                         List<MetricReport.PrecisionCoveragePoint> test, double[] targets) {
        List<Outcome> out = new ArrayList<>(targets.length);
        for (double p : targets) {
            MetricReport.PrecisionCoveragePoint chosen = null;
            for (MetricReport.PrecisionCoveragePoint pt : validation) {
                if (pt.precision() + EPS >= p && (chosen == null || pt.coverage() > chosen.coverage())) {
                    chosen = pt;
                }
            }
            if (chosen == null) {
                out.add(new Outcome(p, null, 0, 0, null));
                continue;
            }
            float t = (float) chosen.threshold();
            // The test rows accepted are those scoring >= t: the last curve point whose threshold is still >= t.
            MetricReport.PrecisionCoveragePoint accepted = null;
            for (MetricReport.PrecisionCoveragePoint pt : test) {
                if (pt.threshold() >= t) {
                    accepted = pt;
                } else {
                    break;
                }
            }
            out.add(accepted == null ? new Outcome(p, t, chosen.coverage(), 0, null)
                    : new Outcome(p, t, chosen.coverage(), accepted.coverage(), accepted.precision()));
        }
        return out;
    }
}
