package org.xmcbench.methods.xrlinear;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.xmcbench.core.data.CsrMatrix;

/**
 * PECOS's hierarchical clustering: a complete binary tree of depth {@code ceil(log2(L / max_leaf_size))} built by
 * balanced spherical 2-means at every node (two random seeds, then centroids of the halves, elements sorted by
 * {@code <c_right - c_left, z>} and cut in the middle, until the halves stop changing or {@code max_iter}).
 * Returns each label's leaf code (0 .. 2^depth - 1, left subtree first).
 */
final class BalancedKMeansTree {
    private BalancedKMeansTree() {}

    static int depthFor(int labels, int maxLeafSize) {
        int depth = Math.max(1, (int) Math.ceil(Math.log((double) labels / maxLeafSize) / Math.log(2)));
        if ((1L << depth) > labels) {
            depth = Math.max(1, 31 - Integer.numberOfLeadingZeros(labels));
        }
        return depth;
    }

    static int[] leafCodes(CsrMatrix z, int depth, int maxIter, long seed) {
        int n = z.rows();
        int[] elements = new int[n];
        for (int i = 0; i < n; i++) {
            elements[i] = i;
        }
        SplittableRandom root = new SplittableRandom(seed);
        long[] nodeSeeds = new long[1 << (depth + 1)];
        for (int i = 0; i < nodeSeeds.length; i++) {
            nodeSeeds[i] = root.nextLong();
        }
        float[] scores = new float[n];
        // Nodes of one depth own disjoint ranges of `elements`, so they split in parallel.
        ThreadLocal<double[][]> centers = ThreadLocal.withInitial(() -> new double[][] {new double[z.cols()],
            new double[z.cols()]});
        for (int d = 0; d < depth; d++) {
            int nodes = 1 << d;
            java.util.stream.IntStream.range(0, nodes).parallel().forEach(k -> {
                int start = (int) ((long) n * k / nodes);
                int end = (int) ((long) n * (k + 1) / nodes);
                double[][] c = centers.get();
                split(z, elements, start, end, maxIter, new SplittableRandom(nodeSeeds[nodes + k]), c[0], c[1],
                        scores);
            });
        }
        int leaves = 1 << depth;
        int[] code = new int[n];
        for (int k = 0; k < leaves; k++) {
            int start = (int) ((long) n * k / leaves);
            int end = (int) ((long) n * (k + 1) / leaves);
            for (int i = start; i < end; i++) {
                code[elements[i]] = k;
            }
        }
        return code;
    }

    /** Balanced 2-means of elements[start, end): afterwards the left half is [start, mid), the right [mid, end). */
    private static void split(CsrMatrix z, int[] el, int start, int end, int maxIter, SplittableRandom rng,
            double[] cRight, double[] cLeft, float[] scores) {
        int size = end - start;
        if (size < 2) {
            return;
        }
        int mid = (start + end) >>> 1;
        int[] previous = new int[mid - start];
        for (int iter = 0; iter < maxIter; iter++) {
            Arrays.fill(cRight, 0);
            Arrays.fill(cLeft, 0);
            if (iter == 0) {
                int r = rng.nextInt(size);
                int l = (r + 1 + rng.nextInt(size - 1)) % size;
                axpy(z, el[start + r], 1, cRight);
                axpy(z, el[start + l], 1, cLeft);
            } else {
                for (int i = mid; i < end; i++) {
                    axpy(z, el[i], 1, cRight);
                }
                normalise(cRight);
                for (int i = start; i < mid; i++) {
                    axpy(z, el[i], 1, cLeft);
                }
                normalise(cLeft);
            }
            for (int f = 0; f < cRight.length; f++) {
                cRight[f] -= cLeft[f];
            }
            for (int i = start; i < end; i++) {
                scores[el[i]] = (float) dot(z, el[i], cRight);
            }
            System.arraycopy(el, start, previous, 0, mid - start);
            sortByScore(el, start, end, scores);
            Arrays.sort(el, start, mid);
            Arrays.sort(el, mid, end);
            boolean changed = false;
            for (int i = start; i < mid; i++) {
                if (el[i] != previous[i - start]) {
                    changed = true;
                    break;
                }
            }
            if (!changed) {
                break;
            }
        }
    }

    /** Sorts by float32 score ascending (as PECOS's scores are float32), ties by element id. */
    private static void sortByScore(int[] el, int start, int end, float[] scores) {
        long[] keys = new long[end - start];
        for (int i = start; i < end; i++) {
            int bits = Float.floatToIntBits(scores[el[i]]);
            int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
            keys[i - start] = ((long) ordered << 32) | el[i];
        }
        Arrays.sort(keys);
        for (int i = start; i < end; i++) {
            el[i] = (int) keys[i - start];
        }
    }

    private static void axpy(CsrMatrix z, int row, double a, double[] y) {
        for (long p = z.rowStart(row); p < z.rowEnd(row); p++) {
            y[z.index(p)] += a * z.value(p);
        }
    }

    private static double dot(CsrMatrix z, int row, double[] c) {
        double s = 0;
        for (long p = z.rowStart(row); p < z.rowEnd(row); p++) {
            s += c[z.index(p)] * z.value(p);
        }
        return s;
    }

    private static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        if (s > 0) {
            double inv = 1 / Math.sqrt(s);
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
    }
}
