package org.xmcbench.methods.xrlinear;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Scores given (query, label) candidates with the full path score the beam search would give them: the
 * post-processed node scores combined from the top level down to the label, whether or not the beam would have
 * reached it. Node scores are cached per query, so shared ancestors are computed once.
 */
final class SelectedOutputs {
    private SelectedOutputs() {}

    static CsrMatrix score(XrLinearModel m, CsrMatrix x, CsrMatrix candidates, PostProcessor.Applied post) {
        if (candidates.rows() != x.rows()) {
            throw new IllegalArgumentException("candidates have " + candidates.rows() + " rows, queries "
                    + x.rows());
        }
        int levels = m.levels();
        long nnz = candidates.nnz();
        BigFloatArray values = new BigFloatArray(nnz);
        values.setSize(nnz);
        ThreadLocal<float[]> dense = ThreadLocal.withInitial(() -> new float[m.features]);
        IntStream.range(0, x.rows()).parallel().forEach(r -> {
            float[] q = dense.get();
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                if (x.index(p) < q.length) {
                    q[x.index(p)] = x.value(p);
                }
            }
            Map<Long, Double> cache = new HashMap<>();
            for (long p = candidates.rowStart(r); p < candidates.rowEnd(r); p++) {
                values.set(p, (float) pathScore(m, levels - 1, candidates.index(p), q, post, cache));
            }
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                if (x.index(p) < q.length) {
                    q[x.index(p)] = 0;
                }
            }
        });
        return new CsrMatrix(candidates.rows(), candidates.cols(), candidates.indptr(), candidates.indices(), values);
    }

    private static double pathScore(XrLinearModel m, int level, int node, float[] q, PostProcessor.Applied post,
            Map<Long, Double> cache) {
        long key = ((long) level << 32) | node;
        Double hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        double parent = level == 0 ? post.rootScore()
                : pathScore(m, level - 1, m.parent[level][node], q, post, cache);
        double s = post.combine(parent, m.weights[level][node].dot(q));
        cache.put(key, s);
        return s;
    }
}
