package org.xmcbench.methods.neural.dualencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both losses against their definitions evaluated in doubles, including the masking of shared positives. */
class ContrastiveLossTest {
    static final int B = 4;
    static final int H = 3;

    static float[] random(long seed) {
        Random r = new Random(seed);
        float[] x = new float[B * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static double dot(float[] a, int i, float[] b, int j) {
        double s = 0;
        for (int k = 0; k < H; k++) {
            s += a[i * H + k] * b[j * H + k];
        }
        return s;
    }

    @Test
    void softmaxAndTripletMatchTheirDefinitions() {
        float[] q = random(1);
        float[] l = random(2);
        boolean[] also = new boolean[B * B];
        also[0 * B + 2] = true; // label 2 is also a positive of query 0: not a negative for it
        double t = 0.5;
        double margin = 0.3;
        double ce = 0;
        double tri = 0;
        for (int i = 0; i < B; i++) {
            double denom = 0;
            double hardest = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < B; j++) {
                if (j != i && also[i * B + j]) {
                    continue;
                }
                denom += Math.exp(dot(q, i, l, j) / t);
                if (j != i) {
                    hardest = Math.max(hardest, dot(q, i, l, j));
                }
            }
            ce += -(dot(q, i, l, i) / t - Math.log(denom));
            tri += Math.max(0, margin - dot(q, i, l, i) + hardest);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var qa = m.create(q, new Shape(B, H));
            var la = m.create(l, new Shape(B, H));
            assertEquals(ce / B, ContrastiveLoss.SOFTMAX.compute(m, qa, la, also, (float) t, 0f).getFloat(), 1e-5);
            assertEquals(tri / B, ContrastiveLoss.TRIPLET.compute(m, qa, la, also, 1f, (float) margin).getFloat(),
                    1e-5);
        }
    }

    /**
     * Every label as a negative: the cache's scores join each row's softmax (and its hardest negative); the query's
     * own positives, its false negatives and the batch's labels are masked out of the cache's columns.
     */
    @Test
    void cachedLabelsJoinTheNegativesExceptMaskedOnes() {
        int labels = 6;
        float[] q = random(1);
        float[] l = random(2);
        float[] cache = new float[labels * H];
        Random r = new Random(3);
        for (int i = 0; i < cache.length; i++) {
            cache[i] = (float) r.nextGaussian();
        }
        // Queries 0..3 with positives 0..3 (label k's row is cache row k); query 1 also has label 4; label 5 has
        // query 2's text.
        org.xmcbench.core.data.CsrBuilder y = new org.xmcbench.core.data.CsrBuilder(labels, B, 5);
        for (int i = 0; i < B; i++) {
            y.add(i, 1f);
            if (i == 1) {
                y.add(4, 1f);
            }
            y.endRow();
        }
        FalseNegatives fn = FalseNegatives.of(null, java.util.List.of("a", "b", "x", "d"),
                java.util.List.of("l0", "l1", "l2", "l3", "l4", "x"));
        int[] queries = {0, 1, 2, 3};
        int[] positives = {0, 1, 2, 3};
        double t = 0.5;
        double ce = 0;
        double tri = 0;
        for (int i = 0; i < B; i++) {
            double denom = 0;
            double hardest = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < B; j++) {
                denom += Math.exp(dot(q, i, l, j) / t);
                if (j != i) {
                    hardest = Math.max(hardest, dot(q, i, l, j));
                }
            }
            for (int k = B; k < labels; k++) { // labels 0..3 are in the batch: scored live, not from the cache
                if ((i == 1 && k == 4) || (i == 2 && k == 5)) {
                    continue; // a positive; a false negative
                }
                double s = 0;
                for (int h = 0; h < H; h++) {
                    s += q[i * H + h] * cache[k * H + h];
                }
                denom += Math.exp(s / t);
                hardest = Math.max(hardest, s);
            }
            ce += -(dot(q, i, l, i) / t - Math.log(denom));
            tri += Math.max(0, 0.3 - dot(q, i, l, i) + hardest);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             LabelCacheNegatives negatives = new LabelCacheNegatives(y.build(), fn, labels, H)) {
            negatives.refresh(m, cache);
            var qa = m.create(q, new Shape(B, H));
            var la = m.create(l, new Shape(B, H));
            boolean[] none = new boolean[B * B];
            assertEquals(ce / B, ContrastiveLoss.SOFTMAX.compute(m, qa, la, none, (float) t, 0f,
                    negatives.scores(m, qa, queries, positives)).getFloat(), 1e-5);
            assertEquals(tri / B, ContrastiveLoss.TRIPLET.compute(m, qa, la, none, 1f, 0.3f,
                    negatives.scores(m, qa, queries, positives)).getFloat(), 1e-5);
        }
    }
}
