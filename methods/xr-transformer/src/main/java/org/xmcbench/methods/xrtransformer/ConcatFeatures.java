package org.xmcbench.methods.xrtransformer;

import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * XR-Transformer's ranker input {@code [TF-IDF ‖ l2-normalised embedding]}: the sparse features keep their columns,
 * the embedding's dimensions follow them.
 */
final class ConcatFeatures {
    private ConcatFeatures() {}

    /**
     * @param sparse rows x F
     * @param embeddings row-major rows x dim
     * @param sparseColumns F as the model was trained (test features may have fewer columns; extra ones are dropped)
     */
    static CsrMatrix of(CsrMatrix sparse, float[] embeddings, int dim, int sparseColumns) {
        int n = sparse.rows();
        if ((long) n * dim != embeddings.length) {
            throw new IllegalArgumentException(n + " feature rows but " + embeddings.length / dim + " embeddings");
        }
        CsrBuilder b = new CsrBuilder(sparseColumns + dim, n, sparse.nnz() + (long) n * dim);
        for (int i = 0; i < n; i++) {
            for (long p = sparse.rowStart(i); p < sparse.rowEnd(i); p++) {
                if (sparse.index(p) < sparseColumns) {
                    b.add(sparse.index(p), sparse.value(p));
                }
            }
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float v = embeddings[i * dim + j];
                norm += (double) v * v;
            }
            double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < dim; j++) {
                float v = (float) (embeddings[i * dim + j] * scale);
                if (v != 0) {
                    b.add(sparseColumns + j, v);
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /** Dense row-major embeddings as a CSR matrix (the input of a linear model trained on embeddings alone). */
    static CsrMatrix dense(float[] embeddings, int rows, int dim) {
        CsrBuilder b = new CsrBuilder(dim, rows, (long) rows * dim);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                b.add(j, embeddings[i * dim + j]);
            }
            b.endRow();
        }
        return b.build();
    }
}
