package org.xmcbench.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric values at full double precision (fractions in [0, 1]) in a stable key order, plus what produced them:
 * the dialect, the propensity constants (null when no PS metrics were computed) and the number of rows.
 */
public record MetricReport(
        Dialect dialect, Double a, Double b, int nRows, int k, boolean filtered, Map<String, Double> values,
        List<PrecisionCoveragePoint> precisionCoverageCurve) {

    public MetricReport {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        precisionCoverageCurve = List.copyOf(precisionCoverageCurve);
    }

    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + key + "' in this report; have " + values.keySet());
        }
        return v;
    }

    /** One point of the precision-coverage curve of top-1 scores: rows whose top-1 score is >= threshold. */
    public record PrecisionCoveragePoint(double threshold, double coverage, double precision) {}
}
