package org.xmcbench.core.metrics;

import org.xmcbench.core.data.CsrMatrix;

/**
 * What to compute. {@code propensity} may be null (then no PS metrics); {@code filter} may be null (no LF filter
 * pairs); {@code f1Threshold} may be null (no thresholded F1).
 *
 * @param k largest cut-off: metrics are reported for 1..k
 * @param precisionTargets precisions p for "coverage at precision >= p" (ALC's operating point)
 */
public record EvalOptions(
        Dialect dialect, int k, InversePropensity propensity, CsrMatrix filter, double[] precisionTargets,
        Double f1Threshold) {

    public EvalOptions {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        precisionTargets = precisionTargets == null ? new double[0] : precisionTargets.clone();
        for (double p : precisionTargets) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("target precision must be in (0, 1], got " + p);
            }
        }
    }

    public static EvalOptions defaults(Dialect dialect) {
        return new EvalOptions(dialect, dialect.defaultK(), null, null, new double[0], null);
    }

    public EvalOptions withK(int newK) {
        return new EvalOptions(dialect, newK, propensity, filter, precisionTargets, f1Threshold);
    }

    public EvalOptions withPropensity(InversePropensity p) {
        return new EvalOptions(dialect, k, p, filter, precisionTargets, f1Threshold);
    }

    public EvalOptions withFilter(CsrMatrix f) {
        return new EvalOptions(dialect, k, propensity, f, precisionTargets, f1Threshold);
    }

    public EvalOptions withPrecisionTargets(double... p) {
        return new EvalOptions(dialect, k, propensity, filter, p, f1Threshold);
    }

    public EvalOptions withF1Threshold(Double t) {
        return new EvalOptions(dialect, k, propensity, filter, precisionTargets, t);
    }
}
