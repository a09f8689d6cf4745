package org.xmcbench.methods.xrlinear;

import java.util.Arrays;

/**
 * The weight vectors of one parent's children laid out feature-major (PECOS's per-cluster "chunk"): for each
 * feature any child uses, the children that use it and their weights. Why: the beam scores all children of a
 * parent against one sparse query, and a query has tens of features while each child may keep hundreds; walking
 * the query's features through this block touches only the weights that meet a query feature, where scoring each
 * child on its own reads every weight it has.
 *
 * <p>Scores equal {@link SparseVector#dot(float[])} bit for bit: each child's sum starts at its bias and adds the
 * float products in ascending feature order in double.
 */
final class ChildBlock {
    /** Features used by at least one child, ascending. */
    private final int[] features;
    /** Entries of {@code features[i]} are {@code [start[i], start[i+1])}. */
    private final int[] start;
    /** Child position within the parent's children (their order in the model's child list). */
    private final int[] child;
    private final float[] value;
    private final float[] bias;

    private ChildBlock(int[] features, int[] start, int[] child, float[] value, float[] bias) {
        this.features = features;
        this.start = start;
        this.child = child;
        this.value = value;
        this.bias = bias;
    }

    int children() {
        return bias.length;
    }

    /** Transposes the children's weight vectors (given in the parent's child order) into one block. */
    static ChildBlock of(SparseVector[] children) {
        int m = children.length;
        long total = 0;
        for (SparseVector v : children) {
            total += v.index().length;
        }
        int n = Math.toIntExact(total);
        // Pack (feature, child) so one sort orders the entries by feature, then by child.
        long[] packed = new long[n];
        int o = 0;
        for (int c = 0; c < m; c++) {
            int[] idx = children[c].index();
            for (int k = 0; k < idx.length; k++) {
                packed[o++] = ((long) idx[k] << 32) | c;
            }
        }
        Arrays.sort(packed);
        int[] child = new int[n];
        float[] value = new float[n];
        int[] cursor = new int[m];
        int[] features = new int[n];
        int[] start = new int[n + 1];
        int distinct = 0;
        for (int e = 0; e < n; e++) {
            int f = (int) (packed[e] >>> 32);
            int c = (int) packed[e];
            if (distinct == 0 || features[distinct - 1] != f) {
                features[distinct] = f;
                start[distinct++] = e;
            }
            child[e] = c;
            // A child's features ascend, so its next unread weight is the one for f.
            value[e] = children[c].value()[cursor[c]++];
        }
        features = Arrays.copyOf(features, distinct);
        start = Arrays.copyOf(start, distinct + 1);
        start[distinct] = n;
        float[] bias = new float[m];
        for (int c = 0; c < m; c++) {
            bias[c] = children[c].bias();
        }
        return new ChildBlock(features, start, child, value, bias);
    }

    /**
     * Writes each child's raw score for the query (sorted feature ids {@code qIdx[0, qn)} with values in
     * {@code dense}) into {@code out[0, children())}.
     */
    void score(float[] dense, int[] qIdx, int qn, double[] out) {
        for (int c = 0; c < bias.length; c++) {
            out[c] = bias[c];
        }
        int nf = features.length;
        if (nf == 0 || qn == 0) {
            return;
        }
        if (nf <= 8 * qn) {
            // Comparable lengths: one merge pass over both sorted lists.
            int i = 0;
            int k = 0;
            while (i < nf && k < qn) {
                int f = features[i];
                int g = qIdx[k];
                if (f < g) {
                    i++;
                } else if (g < f) {
                    k++;
                } else {
                    add(i, dense[g], out);
                    i++;
                    k++;
                }
            }
        } else {
            // Many more block features than query features: binary search each query feature, moving forward.
            int lo = 0;
            for (int k = 0; k < qn && lo < nf; k++) {
                int g = qIdx[k];
                int p = Arrays.binarySearch(features, lo, nf, g);
                if (p >= 0) {
                    add(p, dense[g], out);
                    lo = p + 1;
                } else {
                    lo = -p - 1;
                }
            }
        }
    }

    private void add(int i, float q, double[] out) {
        for (int e = start[i], end = start[i + 1]; e < end; e++) {
            out[child[e]] += value[e] * q;
        }
    }
}
