package org.xmcbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Long addressing across chunk boundaries, with chunks of 16 elements standing in for the real 2^30, so the logic
 * that keeps nnz beyond 2^31 from overflowing is exercised without 8 GiB of heap.
 */
class BigArrayTest {
    @Test
    void valuesSurviveChunkBoundaries() {
        BigIntArray ints = new BigIntArray(1, 4);
        BigFloatArray floats = new BigFloatArray(1, 4);
        for (int i = 0; i < 1000; i++) {
            ints.add(i * 7);
            floats.add(i * 0.5f);
        }
        assertEquals(1000, ints.size());
        for (long i = 0; i < 1000; i++) {
            assertEquals(i * 7, ints.get(i));
            assertEquals(i * 0.5f, floats.get(i));
        }
        assertNull(ints.singleChunkOrNull(), "1000 elements in 16-element chunks are not one chunk");
    }

    @Test
    void csrRowsMayStraddleChunks() {
        BigIntArray idx = new BigIntArray(1, 3);
        BigFloatArray val = new BigFloatArray(1, 3);
        long[] ptr = new long[6];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                idx.add(c * 2);
                val.add(r + c / 10f);
            }
            ptr[r + 1] = idx.size();
        }
        CsrMatrix m = new CsrMatrix(5, 10, ptr, idx, val);
        assertNull(m.checkInvariants());
        assertEquals(25, m.nnz());
        assertEquals(8, m.index(m.rowStart(3) + 4));
        assertEquals(3.4f, m.value(m.rowStart(3) + 4));
        assertEquals(5, m.columnCounts()[4]);
    }

    @Test
    void invariantViolationsAreDescribed() {
        CsrMatrix unsorted = CsrMatrix.of(1, 5, new long[] {0, 2}, new int[] {3, 1}, new float[] {1, 1});
        assertEquals("row 0: column indices not strictly ascending (3 then 1)", unsorted.checkInvariants());
        CsrMatrix range = CsrMatrix.of(1, 2, new long[] {0, 1}, new int[] {2}, new float[] {1});
        assertEquals("row 0: column index 2 outside [0, 2)", range.checkInvariants());
        CsrMatrix nan = CsrMatrix.of(1, 3, new long[] {0, 1}, new int[] {2}, new float[] {Float.NaN});
        assertEquals("row 0, column 2: value NaN is not finite", nan.checkInvariants());
    }
}
