package org.xmcbench.methods.neural.search;

import java.util.Random;
import org.xmcbench.core.data.TopK;

/**
 * Synthetic embeddings shaped like a trained encoder's: unit vectors scattered around a few hundred random
 * centres, so that neighbourhoods exist (uniform random high-dimensional vectors have none, and make every
 * approximate index look bad), plus recall@k against an exact result.
 */
final class ClusteredVectors {
    private ClusteredVectors() {}

    /** {@code n x dim} row-major unit vectors around {@code clusters} centres with per-coordinate noise. */
    static float[] generate(int n, int dim, int clusters, float noise, long seed) {
        return generate(n, dim, clusters, noise, seed, seed);
    }

    /**
     * As {@link #generate(int, int, int, float, long)} with the centres from {@code centreSeed} and the points from
     * {@code pointSeed}: queries drawn around the same centres as the labels, but different points.
     */
    static float[] generate(int n, int dim, int clusters, float noise, long centreSeed, long pointSeed) {
        Random rc = new Random(centreSeed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rc.nextGaussian();
        }
        Random r = new Random(pointSeed * 31 + 7);
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(clusters);
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float v = centres[c * dim + j] + noise * (float) r.nextGaussian();
                out[i * dim + j] = v;
                norm += v * v;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < dim; j++) {
                out[i * dim + j] *= inv;
            }
        }
        return out;
    }

    /** Mean over rows of |approx top-k ∩ exact top-k| / (exact row count). */
    static double recall(TopK approx, TopK exact) {
        double sum = 0;
        for (int r = 0; r < exact.rows(); r++) {
            int n = exact.count(r);
            int hit = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < approx.count(r); j++) {
                    if (approx.label(r, j) == exact.label(r, i)) {
                        hit++;
                        break;
                    }
                }
            }
            sum += n == 0 ? 1 : (double) hit / n;
        }
        return sum / exact.rows();
    }
}
