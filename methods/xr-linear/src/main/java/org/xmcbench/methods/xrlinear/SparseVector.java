package org.xmcbench.methods.xrlinear;

import java.util.Arrays;

/** A pruned weight vector: sorted feature indices, values, and the bias weight (0 when pruned). */
record SparseVector(int[] index, float[] value, float bias) {
    /**
     * Dot product with a query given both densely ({@code dense}) and sparsely (its sorted feature ids
     * {@code qIdx[from, to)}): a weight vector much denser than the query is probed by binary search for the
     * query's features, otherwise its non-zeros are looked up in the dense query (PECOS likewise picks the
     * representation by density).
     */
    double dot(float[] dense, int[] qIdx, int from, int to) {
        int qn = to - from;
        if (index.length > 64 * qn) {
            double s = bias;
            int lo = 0;
            for (int k = from; k < to; k++) {
                int f = qIdx[k];
                int pos = Arrays.binarySearch(index, lo, index.length, f);
                if (pos >= 0) {
                    s += value[pos] * dense[f];
                    lo = pos + 1;
                } else {
                    lo = -pos - 1;
                }
                if (lo >= index.length) {
                    break;
                }
            }
            return s;
        }
        return dot(dense);
    }

    double dot(float[] dense) {
        double s = bias;
        for (int j = 0; j < index.length; j++) {
            s += value[j] * dense[index[j]];
        }
        return s;
    }

    /** Collects entries in any order (each feature once) and sorts them. */
    static final class Builder {
        private long[] packed = new long[16];
        private int n;

        void add(int f, float v) {
            if (n == packed.length) {
                packed = Arrays.copyOf(packed, n * 2);
            }
            packed[n++] = ((long) f << 32) | (Float.floatToRawIntBits(v) & 0xffffffffL);
        }

        SparseVector build(float bias) {
            Arrays.sort(packed, 0, n);
            int[] idx = new int[n];
            float[] val = new float[n];
            for (int i = 0; i < n; i++) {
                idx[i] = (int) (packed[i] >>> 32);
                val[i] = Float.intBitsToFloat((int) packed[i]);
            }
            return new SparseVector(idx, val, bias);
        }
    }
}
