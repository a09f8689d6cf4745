package org.xmcbench.methods.xrlinear;

import java.util.Arrays;

/** A pruned weight vector: sorted feature indices, values, and the bias weight (0 when pruned). */
record SparseVector(int[] index, float[] value, float bias) {
    /** Dot product with a query held densely (bias included). */
    double dot(float[] dense) {
        double s = bias;
        for (int j = 0; j < index.length; j++) {
            s += value[j] * dense[index[j]];
        }
        return s;
    }

    /** The weights written out densely over {@code features} features, the bias last. */
    float[] denseWithBias(int features) {
        float[] out = new float[features + 1];
        for (int k = 0; k < index.length; k++) {
            out[index[k]] = value[k];
        }
        out[features] = bias;
        return out;
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
