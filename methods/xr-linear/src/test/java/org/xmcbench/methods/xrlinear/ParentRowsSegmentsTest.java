package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * A parent's training rows beyond one array of non-zeros (the root of XR-Transformer's ranker at Wiki-500K or
 * Amazon-3M, and past 2^31) are copied in segments of whole rows. The plan is checked at that size on its row
 * pointers alone; the segmented copy, at a small size with tiny segments, must train bit for bit the classifier the
 * one-array copy trains.
 */
class ParentRowsSegmentsTest {
    @Test
    void moreThan2To31NonZerosArePlannedInSegmentsOfWholeRows() {
        // 3M rows of 800 non-zeros (a 768-d embedding plus TF-IDF): 2.4e9 entries, planned from indptr only
        // (24 MB of row pointers; the entries themselves are never allocated here).
        int n = 3_000_000;
        int perRow = 800;
        long[] indptr = new long[n + 1];
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            indptr[i + 1] = indptr[i] + perRow;
            rows[i] = i;
        }
        int[] first = ParentRows.segmentFirstRows(indptr, rows, ParentRows.MAX_SEGMENT);
        int rowsPerSegment = ParentRows.MAX_SEGMENT / perRow; // 2,684,354 rows = 2,147,483,200 entries
        assertArrayEquals(new int[] {0, rowsPerSegment}, first);
        assertEquals(2_400_000_000L, indptr[n], "the sum really is past 2^31, held in a long");
        // Up to one array's worth, the common case: one segment.
        assertArrayEquals(new int[] {0}, ParentRows.segmentFirstRows(indptr, Arrays.copyOf(rows, rowsPerSegment),
                ParentRows.MAX_SEGMENT));
    }

    @Test
    void aSegmentedCopyTrainsTheSameClassifier() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 200;
        int features = 90;
        CsrBuilder b = new CsrBuilder(features, n, n * 9);
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (r.nextInt(3) == 0 ? 1 : -1);
            for (int f : r.ints(9, 0, features).distinct().sorted().toArray()) {
                b.add(f, (float) (r.nextDouble() + (y[i] > 0 && f < 10 ? 1.5 : 0)));
            }
            b.endRow();
        }
        CsrMatrix x = b.build();
        // Every third row, in order, as a parent's instances.
        int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 != 1).toArray();
        byte[] sign = new byte[rows.length];
        double[] cost = new double[rows.length];
        for (int s = 0; s < rows.length; s++) {
            sign[s] = y[rows[s]];
            cost[s] = 1 + (s % 4) * 0.25;
        }
        int[] localOf = new int[features];
        Arrays.fill(localOf, -1);
        ParentRows one = ParentRows.of(x, rows, localOf);
        ParentRows segmented = ParentRows.of(x, rows, localOf, 40);
        assertNull(one.segmentOfRow, "one segment: the solver's plain path");
        assertNotNull(segmented.segmentOfRow);
        assertEquals(one.nnz(), segmented.nnz());
        for (int[] p : segmented.segmentPtr) {
            assertTrue(p[p.length - 1] <= 40, "a segment within its size");
        }
        assertArrayEquals(one.sqNorm, segmented.sqNorm);
        assertArrayEquals(one.globalFeature, segmented.globalFeature);
        assertArrayEquals(new int[features], Arrays.stream(localOf).map(v -> v + 1).toArray(), "scratch restored");

        SparseVector a = new DualCdSolver(features).train(one, sign, cost, 1, 1, 0.01, 200, 1, 0.0, 5);
        SparseVector c = new DualCdSolver(features).train(segmented, sign, cost, 1, 1, 0.01, 200, 1, 0.0, 5);
        assertArrayEquals(a.index(), c.index());
        assertArrayEquals(a.value(), c.value(), "bit for bit");
        assertEquals(a.bias(), c.bias());
    }
}
