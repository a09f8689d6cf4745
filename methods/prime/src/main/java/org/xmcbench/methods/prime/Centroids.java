package org.xmcbench.methods.prime;

import org.xmcbench.core.data.CsrMatrix;

/** Label centroids: the l2-normalised mean of the embeddings of each label's positive training queries. */
final class Centroids {
    private Centroids() {}

    /**
     * @param queryEmbeddings row-major {@code trainQueries × dim}
     * @param empty the row of a label without training queries: null for zeros (as the released mean over an empty
     *              set leaves it), or row-major {@code numLabels × dim} rows to copy from (e.g. the label texts')
     * @return row-major {@code numLabels × dim}
     */
    static float[] meanOfPositives(float[] queryEmbeddings, CsrMatrix y, int numLabels, int dim, float[] empty) {
        double[] sum = new double[numLabels * dim];
        for (int q = 0; q < y.rows(); q++) {
            for (long p = y.rowStart(q); p < y.rowEnd(q); p++) {
                int l = y.index(p);
                for (int j = 0; j < dim; j++) {
                    sum[l * dim + j] += queryEmbeddings[q * dim + j];
                }
            }
        }
        float[] out = new float[numLabels * dim];
        for (int l = 0; l < numLabels; l++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += sum[l * dim + j] * sum[l * dim + j];
            }
            if (norm > 0) {
                double inv = 1 / Math.sqrt(norm);
                for (int j = 0; j < dim; j++) {
                    out[l * dim + j] = (float) (sum[l * dim + j] * inv);
                }
            } else if (empty != null) {
                System.arraycopy(empty, l * dim, out, l * dim, dim);
            }
        }
        return out;
    }
}
