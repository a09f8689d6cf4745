package org.xmcbench.methods.xrlinear;

import org.xmcbench.core.data.CsrMatrix;

/**
 * The training rows of one parent node, shared by all its children's classifiers: a compact CSR copy of those
 * rows of X with the features they use renumbered 0..features-1 in ascending order of the original id, plus each
 * row's squared norm. Why: the solver's weight vector then spans only the parent's own features (dense, cache
 * resident), its rows are read sequentially instead of through an index, and the copy and norms are made once per
 * parent rather than once per child. The renumbering keeps every row's entry order, so the arithmetic is the same.
 */
final class ParentRows {
    /** Row r's entries are {@code [ptr[r], ptr[r+1])}. */
    final int[] ptr;
    /** Local feature ids (ascending within a row). */
    final int[] idx;
    final float[] val;
    /** Squared l2 norm of each row (summed in entry order). */
    final double[] sqNorm;
    /** Original feature id of each local feature, ascending. */
    final int[] globalFeature;

    private ParentRows(int[] ptr, int[] idx, float[] val, double[] sqNorm, int[] globalFeature) {
        this.ptr = ptr;
        this.idx = idx;
        this.val = val;
        this.sqNorm = sqNorm;
        this.globalFeature = globalFeature;
    }

    int rows() {
        return sqNorm.length;
    }

    int features() {
        return globalFeature.length;
    }

    /**
     * Extracts {@code rows} of {@code x}; {@code localOf} is scratch of x.cols() entries, all -1 on entry and on
     * return. {@code x} may hold any number of non-zeros (its chunks are read through long offsets when it has
     * more than one); the parent's own copy holds at most 2^31 - 1, which is refused with a clear error beyond.
     */
    static ParentRows of(CsrMatrix x, int[] rows, int[] localOf) {
        // The common case, x in one chunk, reads the plain arrays; beyond 2^30 non-zeros the chunked accessors.
        int[] xi = x.indices().singleChunkOrNull();
        float[] xv = x.values().singleChunkOrNull();
        boolean plain = xi != null && xv != null;
        long[] xp = x.indptr();
        int n = rows.length;
        int[] ptr = new int[n + 1];
        long total = 0;
        for (int s = 0; s < n; s++) {
            total += xp[rows[s] + 1] - xp[rows[s]];
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("one tree node's training rows hold more than 2^31 non-zeros ("
                        + n + " rows from row " + rows[0] + "): the solver copies them into one array; use a"
                        + " tree whose top level has more clusters (min_codes)");
            }
            ptr[s + 1] = (int) total;
        }
        int nnz = (int) total;
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        double[] sq = new double[n];
        // Mark the features used; number them afterwards in ascending original order.
        int[] used = new int[Math.min(nnz, x.cols())];
        int features = 0;
        for (int s = 0, o = 0; s < n; s++) {
            double norm = 0;
            for (long p = xp[rows[s]], e = xp[rows[s] + 1]; p < e; p++, o++) {
                int f = plain ? xi[(int) p] : x.index(p);
                float v = plain ? xv[(int) p] : x.value(p);
                if (localOf[f] < 0) {
                    localOf[f] = 0;
                    used[features++] = f;
                }
                idx[o] = f;
                val[o] = v;
                norm += (double) v * v;
            }
            sq[s] = norm;
        }
        int[] global = java.util.Arrays.copyOf(used, features);
        java.util.Arrays.sort(global);
        for (int k = 0; k < features; k++) {
            localOf[global[k]] = k;
        }
        for (int o = 0; o < nnz; o++) {
            idx[o] = localOf[idx[o]];
        }
        for (int f : global) {
            localOf[f] = -1;
        }
        return new ParentRows(ptr, idx, val, sq, global);
    }
}
