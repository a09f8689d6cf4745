package org.xmcbench.methods.neural.dualencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Every label as a negative, not only the batch's: each query is also scored against a cached embedding of every
 * label (refreshed every few hundred steps), without a gradient on the label side. With in-batch negatives alone a
 * query only learns to beat the batch's 63 other positives; the tens of thousands of labels no batch holds are never
 * pushed away, so a model whose training loss is near 0 still ranks them above its positives (the memorisation check
 * of 512 queries: loss 0.24, P@1 34 on those same queries). DEXML (Gupta et al., 2023) makes the same finding and
 * trains against all labels; here the label side of that softmax is a stale cache, the cheap half on 2 cores.
 *
 * <p>A query's own positives, its false negatives and the labels already in the batch (scored live) are masked.
 */
public final class LabelCacheNegatives implements AutoCloseable {
    /** Added to a masked score: far below any cosine, so it takes no softmax mass and is never the hardest. */
    static final float EXCLUDED = -1e4f;

    private final CsrMatrix trainLabels;
    private final FalseNegatives falseNegatives;
    private final int numLabels;
    private final int dim;
    private NDArray cache;

    /** @param falseNegatives the false negatives to mask as well, or null for the positives only */
    public LabelCacheNegatives(CsrMatrix trainLabels, FalseNegatives falseNegatives, int numLabels, int dim) {
        this.trainLabels = trainLabels;
        this.falseNegatives = falseNegatives;
        this.numLabels = numLabels;
        this.dim = dim;
    }

    /** Replaces the cache with {@code embeddings} (row-major labels × dim, l2-normalised as inference uses them). */
    public void refresh(NDManager manager, float[] embeddings) {
        if (embeddings.length != (long) numLabels * dim) {
            throw new IllegalArgumentException("expected " + numLabels + " x " + dim + " label embeddings, got "
                    + embeddings.length + " floats");
        }
        if (cache != null) {
            cache.close();
        }
        cache = manager.create(embeddings, new Shape(numLabels, dim));
    }

    public boolean ready() {
        return cache != null;
    }

    /**
     * (B, L) scores of the batch's queries against every cached label, with {@link #EXCLUDED} where a label may not
     * serve as a negative of the row: a positive of the query, a false negative of it, or one of the batch's
     * sampled labels (those are scored live with gradient by the in-batch term).
     */
    public NDArray scores(NDManager m, NDArray queries, int[] batchQueries, int[] batchPositives) {
        if (cache == null) {
            throw new IllegalStateException("the label cache has not been filled");
        }
        int b = batchQueries.length;
        float[] mask = new float[b * numLabels];
        for (int i = 0; i < b; i++) {
            int row = i * numLabels;
            for (int label : batchPositives) {
                mask[row + label] = EXCLUDED;
            }
            int q = batchQueries[i];
            for (long p = trainLabels.rowStart(q); p < trainLabels.rowEnd(q); p++) {
                mask[row + trainLabels.index(p)] = EXCLUDED;
            }
            if (falseNegatives != null) {
                for (int label : falseNegatives.labelsFor(q, batchPositives[i])) {
                    mask[row + label] = EXCLUDED;
                }
            }
        }
        NDArray scores = queries.matMul(cache.toDevice(queries.getDevice(), false).transpose());
        // duplicate(): an array the engine owns, as autograd may keep it (see EngineScalars).
        try (NDArray j = m.create(mask, new Shape(b, numLabels))) {
            return scores.add(j.duplicate().toDevice(queries.getDevice(), false));
        }
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }
}
