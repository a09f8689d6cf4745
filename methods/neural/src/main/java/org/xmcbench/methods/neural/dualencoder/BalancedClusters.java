package org.xmcbench.methods.neural.dualencoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Groups embeddings into clusters of at most {@code maxSize} points by recursive balanced spherical 2-means: each
 * split assigns points by the difference of their similarities to the two centroids and cuts at the median, so the
 * halves are equal. NGAME forms mini-batches from such clusters of queries: the queries of a batch are similar,
 * so each one's in-batch negatives (the others' positives) are hard negatives.
 */
public final class BalancedClusters {
    private BalancedClusters() {}

    /**
     * @param vectors row-major {@code n × dim}
     * @return clusters as lists of row ids, in a deterministic order for a given seed
     */
    public static List<int[]> cluster(float[] vectors, int n, int dim, int maxSize, int iterations, long seed) {
        List<int[]> out = new ArrayList<>();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        split(vectors, dim, all, maxSize, iterations, new Random(seed), out);
        return out;
    }

    private static void split(float[] x, int dim, int[] ids, int maxSize, int iterations, Random rnd,
                              List<int[]> out) {
        if (ids.length <= maxSize) {
            out.add(ids);
            return;
        }
        int a = ids[rnd.nextInt(ids.length)];
        int b = ids[rnd.nextInt(ids.length)];
        float[] c0 = Arrays.copyOfRange(x, a * dim, a * dim + dim);
        float[] c1 = Arrays.copyOfRange(x, b * dim, b * dim + dim);
        if (a == b) {
            c1 = Arrays.copyOfRange(x, ids[(Arrays.binarySearch(ids, a) + 1) % ids.length] * dim,
                    ids[(Arrays.binarySearch(ids, a) + 1) % ids.length] * dim + dim);
        }
        int half = ids.length / 2;
        float[] diff = new float[ids.length];
        Integer[] order = new Integer[ids.length];
        boolean[] left = new boolean[ids.length];
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < ids.length; i++) {
                int off = ids[i] * dim;
                float d = 0;
                for (int k = 0; k < dim; k++) {
                    d += x[off + k] * (c0[k] - c1[k]);
                }
                diff[i] = d;
                order[i] = i;
            }
            // Ties by position keep the split deterministic.
            Arrays.sort(order, (p, q) -> diff[p] != diff[q] ? Float.compare(diff[q], diff[p]) : Integer.compare(p, q));
            Arrays.fill(left, false);
            for (int r = 0; r < half; r++) {
                left[order[r]] = true;
            }
            c0 = centroid(x, dim, ids, left, true);
            c1 = centroid(x, dim, ids, left, false);
        }
        int[] l = new int[half];
        int[] r = new int[ids.length - half];
        int li = 0;
        int ri = 0;
        for (int i = 0; i < ids.length; i++) {
            if (left[i]) {
                l[li++] = ids[i];
            } else {
                r[ri++] = ids[i];
            }
        }
        split(x, dim, l, maxSize, iterations, rnd, out);
        split(x, dim, r, maxSize, iterations, rnd, out);
    }

    /** Mean of one side, l2-normalised (spherical k-means). */
    private static float[] centroid(float[] x, int dim, int[] ids, boolean[] left, boolean side) {
        double[] c = new double[dim];
        for (int i = 0; i < ids.length; i++) {
            if (left[i] == side) {
                int off = ids[i] * dim;
                for (int k = 0; k < dim; k++) {
                    c[k] += x[off + k];
                }
            }
        }
        double norm = 0;
        for (double v : c) {
            norm += v * v;
        }
        norm = Math.sqrt(Math.max(norm, 1e-24));
        float[] f = new float[dim];
        for (int k = 0; k < dim; k++) {
            f[k] = (float) (c[k] / norm);
        }
        return f;
    }
}
