package org.xmcbench.methods.alc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The pairs of a batch of B queries and their B sampled positive labels, as B×B masks: (i, i) and every (i, j)
 * where label j is a positive of query i too are positive pairs; false negatives (query i's own label, the same
 * text) are neither; the rest are in-batch negatives. Masks are constants (engine-owned, on the scores' device),
 * never differentiated.
 */
final class PairMasks {
    /** Added to a score to take it out of a maximum: far below any cosine. */
    static final float OUT_OF_REACH = -1e4f;

    private PairMasks() {}

    /** 1 on positive pairs, 0 on negatives. */
    static NDArray positives(NDManager m, boolean[] alsoPositive, int b, NDArray like) {
        float[] v = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                v[i * b + j] = i == j || alsoPositive[i * b + j] ? 1f : 0f;
            }
        }
        return constant(m, v, b, like);
    }

    /** 1 on positive pairs and on false negatives: every pair that must not serve as a negative. */
    static NDArray notNegatives(NDManager m, boolean[] alsoPositive, boolean[] falseNegative, int b, NDArray like) {
        float[] v = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                v[i * b + j] = i == j || alsoPositive[i * b + j] || falseNegative[i * b + j] ? 1f : 0f;
            }
        }
        return constant(m, v, b, like);
    }

    /** An engine-owned copy of {@code v} (autograd may keep it beyond the Java buffer's life; see EngineScalars). */
    static NDArray constant(NDManager m, float[] v, int b, NDArray like) {
        try (NDArray j = m.create(v, new Shape(b, b))) {
            return j.duplicate().toDevice(like.getDevice(), false);
        }
    }
}
