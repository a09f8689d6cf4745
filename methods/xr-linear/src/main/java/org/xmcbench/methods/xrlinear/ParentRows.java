package org.xmcbench.methods.xrlinear;

import java.util.Arrays;
import org.xmcbench.core.data.CsrMatrix;

/**
 * The training rows of one parent node, shared by all its children's classifiers: a compact CSR copy of those
 * rows of X with the features they use renumbered 0..features-1 in ascending order of the original id, plus each
 * row's squared norm. Why: the solver's weight vector then spans only the parent's own features (dense, cache
 * resident), its rows are read sequentially instead of through an index, and the copy and norms are made once per
 * parent rather than once per child. The renumbering keeps every row's entry order, so the arithmetic is the same.
 *
 * <p>The copy is stored in segments of whole rows, each at most {@link #MAX_SEGMENT} entries (one Java array): a
 * parent's rows may hold any number of non-zeros (the root of XR-Transformer's ranker on [TF-IDF ‖ 768-d
 * embedding] at Wiki-500K or Amazon-3M holds ~1.3e9, and more past 2^31). Up to that size, the common case, there is
 * one segment and {@link #segmentOfRow} is null: the solver reads {@link #ptr}, {@link #idx}, {@link #val} as
 * before and pays nothing per row or entry for the segments.
 */
final class ParentRows {
    /** Entries in one segment: the longest array a JVM allocates. */
    static final int MAX_SEGMENT = Integer.MAX_VALUE - 8;

    /** Segment 0, the only one in the common case: row r's entries are {@code [ptr[r], ptr[r+1])}. */
    final int[] ptr;
    /** Local feature ids (ascending within a row). */
    final int[] idx;
    final float[] val;
    /** Squared l2 norm of each row (summed in entry order). */
    final double[] sqNorm;
    /** Original feature id of each local feature, ascending. */
    final int[] globalFeature;
    /**
     * Null with one segment; else the segment of each row. Row r of segment g is its row
     * {@code r - segmentFirstRow[g]}, with entries {@code [segmentPtr[g][that], segmentPtr[g][that + 1])} of
     * {@code segmentIdx[g]} and {@code segmentVal[g]}.
     */
    final int[] segmentOfRow;
    final int[] segmentFirstRow;
    final int[][] segmentPtr;
    final int[][] segmentIdx;
    final float[][] segmentVal;

    private ParentRows(int[] firstRow, int[][] ptr, int[][] idx, float[][] val, int[] segmentOfRow, double[] sqNorm,
            int[] globalFeature) {
        this.segmentFirstRow = firstRow;
        this.segmentPtr = ptr;
        this.segmentIdx = idx;
        this.segmentVal = val;
        this.segmentOfRow = segmentOfRow;
        this.ptr = ptr[0];
        this.idx = idx[0];
        this.val = val[0];
        this.sqNorm = sqNorm;
        this.globalFeature = globalFeature;
    }

    int rows() {
        return sqNorm.length;
    }

    int features() {
        return globalFeature.length;
    }

    int segments() {
        return segmentPtr.length;
    }

    /** Non-zeros over all segments. */
    long nnz() {
        return entries(segmentPtr);
    }

    private static long entries(int[][] segmentPtr) {
        long total = 0;
        for (int[] p : segmentPtr) {
            total += p[p.length - 1];
        }
        return total;
    }

    /**
     * Extracts {@code rows} of {@code x}; {@code localOf} is scratch of x.cols() entries, all -1 on entry and on
     * return. {@code x} may hold any number of non-zeros (its chunks are read through long offsets when it has
     * more than one), and so may the copy.
     */
    static ParentRows of(CsrMatrix x, int[] rows, int[] localOf) {
        return of(x, rows, localOf, MAX_SEGMENT);
    }

    /** As {@link #of(CsrMatrix, int[], int[])} with segments of at most {@code maxSegment} entries (tests). */
    static ParentRows of(CsrMatrix x, int[] rows, int[] localOf, int maxSegment) {
        long[] xp = x.indptr();
        int n = rows.length;
        int[] firstRow = segmentFirstRows(xp, rows, maxSegment);
        int segments = firstRow.length;
        int[][] ptr = new int[segments][];
        int[][] idx = new int[segments][];
        float[][] val = new float[segments][];
        int[] segmentOfRow = segments == 1 ? null : new int[n];
        for (int g = 0; g < segments; g++) {
            int from = firstRow[g];
            int to = g + 1 < segments ? firstRow[g + 1] : n;
            int[] p = new int[to - from + 1];
            for (int s = from; s < to; s++) {
                // Fits: segmentFirstRows closed the segment before it passed maxSegment.
                p[s - from + 1] = p[s - from] + (int) (xp[rows[s] + 1] - xp[rows[s]]);
            }
            ptr[g] = p;
            idx[g] = new int[p[to - from]];
            val[g] = new float[p[to - from]];
            if (segmentOfRow != null) {
                Arrays.fill(segmentOfRow, from, to, g);
            }
        }
        // The common case, x in one chunk, reads the plain arrays; beyond 2^30 non-zeros the chunked accessors.
        int[] xi = x.indices().singleChunkOrNull();
        float[] xv = x.values().singleChunkOrNull();
        boolean plain = xi != null && xv != null;
        double[] sq = new double[n];
        // Mark the features used; number them afterwards in ascending original order.
        int[] used = new int[(int) Math.min(entries(ptr), x.cols())];
        int features = 0;
        for (int g = 0; g < segments; g++) {
            int[] gi = idx[g];
            float[] gv = val[g];
            int to = g + 1 < segments ? firstRow[g + 1] : n;
            for (int s = firstRow[g], o = 0; s < to; s++) {
                double norm = 0;
                for (long p = xp[rows[s]], e = xp[rows[s] + 1]; p < e; p++, o++) {
                    int f = plain ? xi[(int) p] : x.index(p);
                    float v = plain ? xv[(int) p] : x.value(p);
                    if (localOf[f] < 0) {
                        localOf[f] = 0;
                        used[features++] = f;
                    }
                    gi[o] = f;
                    gv[o] = v;
                    norm += (double) v * v;
                }
                sq[s] = norm;
            }
        }
        int[] global = Arrays.copyOf(used, features);
        Arrays.sort(global);
        for (int k = 0; k < features; k++) {
            localOf[global[k]] = k;
        }
        for (int[] gi : idx) {
            for (int o = 0; o < gi.length; o++) {
                gi[o] = localOf[gi[o]];
            }
        }
        for (int f : global) {
            localOf[f] = -1;
        }
        return new ParentRows(firstRow, ptr, idx, val, segmentOfRow, sq, global);
    }

    /**
     * Where each segment starts (a position in {@code rows}): consecutive rows while their non-zeros, summed in a
     * long, stay within {@code maxSegment} (a longer row, possible only below the default, is a segment alone).
     * Reads only {@code indptr}, so the plan for any number of non-zeros costs nothing but the walk.
     */
    static int[] segmentFirstRows(long[] indptr, int[] rows, int maxSegment) {
        int[] first = new int[8];
        int segments = 1;
        long inSegment = 0;
        for (int s = 0; s < rows.length; s++) {
            long len = indptr[rows[s] + 1] - indptr[rows[s]];
            if (inSegment > 0 && inSegment + len > maxSegment) {
                if (segments == first.length) {
                    first = Arrays.copyOf(first, segments * 2);
                }
                first[segments++] = s;
                inSegment = 0;
            }
            inSegment += len;
        }
        return Arrays.copyOf(first, segments);
    }
}
