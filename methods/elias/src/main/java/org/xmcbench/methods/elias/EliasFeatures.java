package org.xmcbench.methods.elias;

import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * The features ELIAS re-clusters on and its sparse ranker (ELIAS++) reads: {@code [normalise(embedding) ‖
 * normalise(BoW)]}, each part l2-normalised per row, the embedding's columns first.
 */
final class EliasFeatures {
    private EliasFeatures() {}

    /**
     * @param embeddings row-major rows x dim; null for the BoW part alone
     * @param bow rows x F
     * @param bowColumns F as at training (test features may have fewer columns; extra ones are dropped)
     */
    static CsrMatrix of(float[] embeddings, int dim, CsrMatrix bow, int bowColumns) {
        int n = bow.rows();
        int d = embeddings == null ? 0 : dim;
        if (embeddings != null && (long) n * dim != embeddings.length) {
            throw new IllegalArgumentException(n + " feature rows but " + embeddings.length / dim + " embeddings");
        }
        CsrBuilder b = new CsrBuilder(d + bowColumns, n, bow.nnz() + (long) n * d);
        for (int i = 0; i < n; i++) {
            if (embeddings != null) {
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    norm += (double) embeddings[i * dim + j] * embeddings[i * dim + j];
                }
                double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
                for (int j = 0; j < dim; j++) {
                    float v = (float) (embeddings[i * dim + j] * scale);
                    if (v != 0) {
                        b.add(j, v);
                    }
                }
            }
            double norm = 0;
            for (long p = bow.rowStart(i); p < bow.rowEnd(i); p++) {
                if (bow.index(p) < bowColumns) {
                    norm += (double) bow.value(p) * bow.value(p);
                }
            }
            double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (long p = bow.rowStart(i); p < bow.rowEnd(i); p++) {
                if (bow.index(p) < bowColumns && bow.value(p) != 0) {
                    b.add(d + bow.index(p), (float) (bow.value(p) * scale));
                }
            }
            b.endRow();
        }
        return b.build();
    }
}
