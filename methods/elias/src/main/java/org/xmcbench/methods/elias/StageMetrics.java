package org.xmcbench.methods.elias;

import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.MetricReport;
import org.xmcbench.core.metrics.MetricsEngine;

/**
 * What run.json keeps of a stage's predictions on the held-out training points (ELIAS's {@code num_val_points},
 * never trained on): the precision, nDCG@5 it tracks, and the recalls and MRR@10 the paper highlights, at 100.
 */
final class StageMetrics {
    static final int DEPTH = 100;

    private StageMetrics() {}

    static Map<String, Object> of(CsrMatrix truth, TopK predicted) {
        MetricReport r = MetricsEngine.evaluate(truth, predicted.toCsr(truth.cols()),
                EvalOptions.defaults(Dialect.PYXCLIB).withK(DEPTH));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", truth.rows());
        for (String key : new String[] {"P@1", "P@5", "nDCG@5", "R@10", "R@20", "R@50", "R@100", "MRR@10"}) {
            out.put(key, round(100 * r.get(key)));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
