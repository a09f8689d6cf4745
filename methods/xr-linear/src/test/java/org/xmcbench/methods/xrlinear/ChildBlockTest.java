package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The feature-major block scores every child exactly as the child's own sparse dot product does. */
class ChildBlockTest {
    private static SparseVector randomVector(SplittableRandom rng, int features, int nnz) {
        TreeMap<Integer, Float> m = new TreeMap<>();
        while (m.size() < nnz) {
            m.put(rng.nextInt(features), (float) rng.nextGaussian());
        }
        int[] idx = m.keySet().stream().mapToInt(Integer::intValue).toArray();
        float[] val = new float[idx.length];
        int k = 0;
        for (float v : m.values()) {
            val[k++] = v;
        }
        return new SparseVector(idx, val, rng.nextBoolean() ? (float) rng.nextGaussian() : 0f);
    }

    @Test
    void scoresEqualPerChildDotProductsBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        int features = 5000;
        // Sparse and dense children, queries short and long: both the merge and the binary-search walk run.
        for (int trial = 0; trial < 40; trial++) {
            int m = 1 + rng.nextInt(40);
            SparseVector[] kids = new SparseVector[m];
            for (int c = 0; c < m; c++) {
                kids[c] = randomVector(rng, features, rng.nextInt(trial % 2 == 0 ? 30 : 2000));
            }
            ChildBlock block = ChildBlock.of(kids);
            SparseVector q = randomVector(rng, features, 1 + rng.nextInt(trial % 3 == 0 ? 5 : 600));
            float[] dense = new float[features];
            for (int k = 0; k < q.index().length; k++) {
                dense[q.index()[k]] = q.value()[k];
            }
            double[] out = new double[m];
            block.score(dense, q.index(), q.index().length, out);
            for (int c = 0; c < m; c++) {
                assertEquals(kids[c].dot(dense), out[c], 0.0, "trial " + trial + " child " + c);
            }
        }
    }

    @Test
    void emptyChildrenScoreTheirBias() {
        ChildBlock block = ChildBlock.of(new SparseVector[] {new SparseVector(new int[0], new float[0], 0.5f),
                new SparseVector(new int[] {3}, new float[] {2f}, 0f)});
        double[] out = new double[2];
        block.score(new float[] {0, 0, 0, 1.5f}, new int[] {3}, 1, out);
        assertEquals(0.5, out[0], 0.0);
        assertEquals(3.0, out[1], 0.0);
    }
}
