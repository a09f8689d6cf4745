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
        // The root holds every element alone: it is split with the work of each iteration spread over the cores
        // instead (same arithmetic, so the same result as a sequential split).
        split(z, z.transpose(), elements, 0, n, maxIter, new SplittableRandom(nodeSeeds[1]),
                centers.get()[0], centers.get()[1], scores);
        for (int d = 1; d < depth; d++) {
            int nodes = 1 << d;
            java.util.stream.IntStream.range(0, nodes).parallel().forEach(k -> {
                int start = (int) ((long) n * k / nodes);
                int end = (int) ((long) n * (k + 1) / nodes);
                double[][] c = centers.get();
                split(z, null, elements, start, end, maxIter, new SplittableRandom(nodeSeeds[nodes + k]), c[0],
                        c[1], scores);
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

    /**
     * Balanced 2-means of elements[start, end): afterwards the left half is [start, mid), the right [mid, end).
     * With {@code zT} (z transposed; only when [start, end) holds every element) each step runs in parallel.
     */
    private static void split(CsrMatrix z, CsrMatrix zT, int[] el, int start, int end, int maxIter,
            SplittableRandom rng, double[] cRight, double[] cLeft, float[] scores) {
        boolean parallel = zT != null;
        int size = end - start;
        if (size < 2) {
            return;
        }
        int mid = (start + end) >>> 1;
        int[] previous = new int[mid - start];
        long[] keys = new long[size];
        int[] merged = new int[size];
        // Dense centroid work is limited to the features the node's elements use (deep nodes use few of them);
        // ascending, so sums over them add the non-zero terms in the same order as a full sweep.
        int[] feats = parallel ? null : usedFeatures(z, el, start, end);
        int nf = feats == null ? cRight.length : feats.length;
        for (int iter = 0; iter < maxIter; iter++) {
            for (int k = 0; k < nf; k++) {
                int f = feats == null ? k : feats[k];
                cRight[f] = 0;
                cLeft[f] = 0;
            }
            if (iter == 0) {
                int r = rng.nextInt(size);
                int l = (r + 1 + rng.nextInt(size - 1)) % size;
                axpy(z, el[start + r], 1, cRight);
                axpy(z, el[start + l], 1, cLeft);
            } else if (parallel) {
                halfSumsByFeature(zT, el, mid, cRight, cLeft);
                normalise(cRight, feats, nf);
                normalise(cLeft, feats, nf);
            } else {
                for (int i = mid; i < end; i++) {
                    axpy(z, el[i], 1, cRight);
                }
                normalise(cRight, feats, nf);
                for (int i = start; i < mid; i++) {
                    axpy(z, el[i], 1, cLeft);
                }
                normalise(cLeft, feats, nf);
            }
            for (int k = 0; k < nf; k++) {
                int f = feats == null ? k : feats[k];
                cRight[f] -= cLeft[f];
            }
            if (parallel) {
                java.util.stream.IntStream.range(start, end).parallel()
                        .forEach(i -> scores[el[i]] = (float) dot(z, el[i], cRight));
            } else {
                for (int i = start; i < end; i++) {
                    scores[el[i]] = (float) dot(z, el[i], cRight);
                }
            }
            System.arraycopy(el, start, previous, 0, mid - start);
            cutByScore(el, start, mid, end, scores, keys, merged);
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

    /** Orders by float32 score ascending (as PECOS's scores are float32), ties by element id: distinct keys. */
    private static long key(float score, int element) {
        return ((long) org.xmcbench.core.data.FloatOrder.ascending(score) << 32) | element;
    }

    /**
     * Puts the (mid - start) elements of smallest key into [start, mid) and the rest into [mid, end), both halves
     * ascending by element id: the same outcome as sorting by key and then each half by id, in linear time when
     * both halves are ascending on entry (true after every cut).
     */
    private static void cutByScore(int[] el, int start, int mid, int end, float[] scores, long[] keys,
            int[] merged) {
        int size = end - start;
        for (int i = start; i < end; i++) {
            keys[i - start] = key(scores[el[i]], el[i]);
        }
        long last = select(keys, size, mid - start - 1); // largest key of the left half
        if (ascending(el, start, mid) && ascending(el, mid, end)) {
            int a = start;
            int b = mid;
            for (int o = 0; o < size; o++) {
                merged[o] = b >= end || a < mid && el[a] < el[b] ? el[a++] : el[b++];
            }
        } else { // a node's first cut when its range is not exactly a half of its parent's
            System.arraycopy(el, start, merged, 0, size);
            Arrays.sort(merged, 0, size);
        }
        int left = start;
        int right = mid;
        for (int o = 0; o < size; o++) {
            int e = merged[o];
            if (key(scores[e], e) <= last) {
                el[left++] = e;
            } else {
                el[right++] = e;
            }
        }
    }

    private static boolean ascending(int[] el, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (el[i - 1] > el[i]) {
                return false;
            }
        }
        return true;
    }

    /** The k-th smallest (0-based) of a[0, n), reordering a (quickselect; sorts if partitioning degenerates). */
    private static long select(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        for (int round = 0; hi > lo; round++) {
            if (round > 64) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int m = (lo + hi) >>> 1;
            long x = a[lo];
            long y = a[m];
            long z = a[hi];
            long pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /**
     * Centroid sums of both halves of all elements (right half: el[mid..], each half sorted ascending), one
     * feature at a time in parallel. Each feature's column of zT lists elements in ascending order, the order in
     * which the sequential row-by-row sum adds them, so every sum is bit-identical to it.
     */
    private static void halfSumsByFeature(CsrMatrix zT, int[] el, int mid, double[] cRight, double[] cLeft) {
        boolean[] right = new boolean[el.length];
        for (int i = mid; i < el.length; i++) {
            right[el[i]] = true;
        }
        java.util.stream.IntStream.range(0, zT.rows()).parallel().forEach(f -> {
            double r = 0;
            double l = 0;
            for (long p = zT.rowStart(f); p < zT.rowEnd(f); p++) {
                if (right[zT.index(p)]) {
                    r += zT.value(p);
                } else {
                    l += zT.value(p);
                }
            }
            cRight[f] = r;
            cLeft[f] = l;
        });
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

    /** l2-normalises v over its features {@code feats[0..nf)} (all features 0..nf-1 when feats is null). */
    private static void normalise(double[] v, int[] feats, int nf) {
        double s = 0;
        for (int k = 0; k < nf; k++) {
            double x = v[feats == null ? k : feats[k]];
            s += x * x;
        }
        if (s > 0) {
            double inv = 1 / Math.sqrt(s);
            for (int k = 0; k < nf; k++) {
                v[feats == null ? k : feats[k]] *= inv;
            }
        }
    }

    /**
     * Sorted distinct features of the rows el[start, end). A node with at least as many entries as there are
     * features (near the root, where the entries may pass 2^31) marks them in a z.cols() mask instead of sorting a
     * copy, so the copy below always fits one array.
     */
    static int[] usedFeatures(CsrMatrix z, int[] el, int start, int end) {
        long nnz = 0;
        for (int i = start; i < end; i++) {
            nnz += z.rowEnd(el[i]) - z.rowStart(el[i]);
        }
        if (nnz >= z.cols()) {
            boolean[] used = new boolean[z.cols()];
            int distinct = 0;
            for (int i = start; i < end; i++) {
                for (long p = z.rowStart(el[i]); p < z.rowEnd(el[i]); p++) {
                    int f = z.index(p);
                    if (!used[f]) {
                        used[f] = true;
                        distinct++;
                    }
                }
            }
            int[] out = new int[distinct];
            for (int f = 0, o = 0; o < distinct; f++) {
                if (used[f]) {
                    out[o++] = f;
                }
            }
            return out;
        }
        int[] f = new int[(int) nnz]; // nnz < z.cols()
        int o = 0;
        for (int i = start; i < end; i++) {
            for (long p = z.rowStart(el[i]); p < z.rowEnd(el[i]); p++) {
                f[o++] = z.index(p);
            }
        }
        Arrays.sort(f);
        int n = 0;
        for (int k = 0; k < f.length; k++) {
            if (n == 0 || f[k] != f[n - 1]) {
                f[n++] = f[k];
            }
        }
        return Arrays.copyOf(f, n);
    }
}
