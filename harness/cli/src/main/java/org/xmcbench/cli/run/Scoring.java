package org.xmcbench.cli.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.ValidationSplit;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.metrics.DecileContribution;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.InversePropensity;
import org.xmcbench.core.metrics.MetricReport;
import org.xmcbench.core.metrics.MetricsEngine;
import org.xmcbench.core.metrics.ThresholdTransfer;

/** Scores a run's predictions in every dialect, with the dataset's propensities and LF filter. */
public final class Scoring {
    static final double[] PRECISION_TARGETS = {0.5, 0.9, 0.95};

    private Scoring() {}

    /**
     * A run's metrics in every dialect, its down-sampled precision-coverage curve, and which label-frequency deciles
     * its correct top-{@value #DECILE_K} predictions come from (pyxclib dialect, rarest labels first).
     */
    public record Scored(Map<String, Object> metrics, java.util.List<MetricReport.PrecisionCoveragePoint> curve,
                         java.util.List<DecileContribution.Bin> deciles) {
        /** The deciles as {@code run.json} writes them: {labels, mean_train_frequency, contribution}. */
        public java.util.List<Map<String, Object>> decileRecord() {
            return deciles.stream().map(b -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("labels", b.labels());
                m.put("mean_train_frequency", b.meanTrainFrequency());
                m.put("contribution", b.contribution());
                return m;
            }).toList();
        }
    }

    /** The decile contribution is of P@5 over ten bins, as pyxclib's examples plot it. */
    static final int DECILE_K = 5;
    static final int DECILE_SPLITS = 10;

    /** Scored cut-offs beyond a dialect's own depth, the ones papers report recall and MRR at. */
    static final int[] DEEP_CUTOFFS = {10, 20, 50, 100, 200, 500, 1000};

    /**
     * Scores with the dataset's own propensities and filter; the curve comes from the same pass. {@code runK} is
     * how many labels the run predicted: each dialect reports 1..its own k (5 for pyxclib, 10 for PECOS) and,
     * when the run predicted more, also the deep cut-offs up to {@code runK} and {@code runK} itself (R@100 of a
     * k = 100 run), not every cut-off in between.
     */
    public static Scored score(XmcDataset data, CsrMatrix pred, int runK) {
        return score(data, pred, null, runK);
    }

    /**
     * As {@link #score(XmcDataset, CsrMatrix, int)}, and when a validation curve is given, each dialect also
     * reports the thresholds chosen on it for every target precision and what they accept on test (see
     * {@link ThresholdTransfer}).
     */
    public static Scored score(XmcDataset data, CsrMatrix pred,
                               java.util.List<MetricReport.PrecisionCoveragePoint> validationCurve, int runK) {
        java.util.List<MetricReport.PrecisionCoveragePoint> curve = new java.util.ArrayList<>();
        Map<String, Object> metrics = allDialects(data, pred, null, null, null, runK, curve, validationCurve);
        return new Scored(metrics, curve, DecileContribution.of(data.trainLabels(), data.testLabels().binarized(),
                pred, data.testFilter(), DECILE_K, DECILE_SPLITS));
    }

    /** The precision-coverage curve of top-1 predictions on held-out training rows (their LF filter applied). */
    public static java.util.List<MetricReport.PrecisionCoveragePoint> validationCurve(ValidationSplit v,
                                                                                      CsrMatrix pred) {
        EvalOptions opt = new EvalOptions(Dialect.PECOS, 1, null, v.filter(), PRECISION_TARGETS, null);
        return MetricsEngine.evaluate(v.labels().binarized(), pred, opt).precisionCoverageCurve();
    }

    /** With optional overrides of A, B and k (as {@code xmc evaluate --run} allows). */
    public static Map<String, Object> allDialects(XmcDataset data, CsrMatrix pred, Double a, Double b, Integer k) {
        return allDialects(data, pred, a, b, k, 0, null, null);
    }

    /**
     * The precision-coverage curve of top-1 scores (after the LF filter) is added to {@code curve} when given,
     * down-sampled to at most 200 points for plots; the record writes each as {threshold, coverage, precision}.
     */
    private static Map<String, Object> allDialects(XmcDataset data, CsrMatrix pred, Double a, Double b, Integer k,
            int runK, java.util.List<MetricReport.PrecisionCoveragePoint> curve,
            java.util.List<MetricReport.PrecisionCoveragePoint> validationCurve) {
        double pa = a != null ? a : data.propensityA() != null ? data.propensityA() : 0.55;
        double pb = b != null ? b : data.propensityB() != null ? data.propensityB() : 1.5;
        InversePropensity ip = InversePropensity.fromTrainLabels(data.trainLabels(), data.numLabels(), pa, pb);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Dialect d : Dialect.values()) {
            int shallow = k != null ? k : d.defaultK();
            int depth = Math.max(shallow, runK);
            EvalOptions opt = new EvalOptions(d, depth, d == Dialect.PYXCLIB ? ip : null,
                    data.testFilter(), PRECISION_TARGETS, null);
            MetricReport r = MetricsEngine.evaluate(data.testLabels().binarized(), pred, opt);
            if (curve != null && d == Dialect.PECOS) {
                downsample(r.precisionCoverageCurve(), curve);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            r.values().forEach((name, v) -> {
                if (reported(name, shallow, depth)) {
                    m.put(name, v);
                }
            });
            if (validationCurve != null) {
                for (ThresholdTransfer.Outcome o : ThresholdTransfer.transfer(validationCurve,
                        r.precisionCoverageCurve(), PRECISION_TARGETS)) {
                    String at = String.format(java.util.Locale.ROOT, "@%.2f", o.target());
                    m.put("validation_threshold" + at, o.threshold() == null ? null : (double) o.threshold());
                    m.put("validation_coverage" + at, o.validationCoverage());
                    m.put("coverage_at_validation_threshold" + at, o.coverage());
                    m.put("precision_at_validation_threshold" + at, o.precision());
                }
            }
            m.put("dialect", d.id());
            m.put("A", r.a());
            m.put("B", r.b());
            m.put("n_rows", r.nRows());
            m.put("filtered", r.filtered());
            out.put(d.id(), m);
        }
        return out;
    }

    /** Whether a metric is kept: every cut-off up to the dialect's own k, then only the deep ones and the run's k. */
    static boolean reported(String metric, int shallow, int depth) {
        int at = metric.lastIndexOf('@');
        if (at < 0 || depth <= shallow) {
            return true;
        }
        int cutoff;
        try {
            cutoff = Integer.parseInt(metric.substring(at + 1));
        } catch (NumberFormatException e) {
            return true; // coverage_at_precision@0.90 and the like are not cut-offs
        }
        return cutoff <= shallow || cutoff == depth
                || java.util.Arrays.stream(DEEP_CUTOFFS).anyMatch(c -> c == cutoff);
    }

    private static void downsample(java.util.List<MetricReport.PrecisionCoveragePoint> c,
                                   java.util.List<MetricReport.PrecisionCoveragePoint> out) {
        int step = Math.max(1, c.size() / 200);
        for (int i = 0; i < c.size(); i += step) {
            out.add(c.get(i));
        }
        if (!c.isEmpty() && (c.size() - 1) % step != 0) {
            out.add(c.get(c.size() - 1));
        }
    }
}
