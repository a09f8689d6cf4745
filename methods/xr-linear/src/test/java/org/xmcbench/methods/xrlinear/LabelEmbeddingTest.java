package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;

class LabelEmbeddingTest {
    // Two instances, three features; labels: instance 0 -> {0, 1}, instance 1 -> {1}.
    static final CsrMatrix X = CsrMatrix.of(2, 3, new long[] {0, 2, 3}, new int[] {0, 1, 2}, new float[] {3, 4, 1});
    static final CsrMatrix Y = CsrMatrix.of(2, 2, new long[] {0, 2, 3}, new int[] {0, 1, 1}, new float[] {1, 1, 1});
    static final CsrMatrix LF = CsrMatrix.of(2, 3, new long[] {0, 1, 2}, new int[] {2, 0}, new float[] {1, 1});

    @Test
    void pifaIsTheNormalisedSumOfNormalisedPositives() {
        CsrMatrix z = LabelEmbedding.create("pifa", X, Y, null, 0.5);
        // label 0: x0/sqrt2 -> (3,4,0)/5; label 1: x0/sqrt2 + x1 -> (3/s, 4/s, 1)/norm.
        assertEquals(0.6f, z.value(z.rowStart(0)), 1e-6);
        assertEquals(0.8f, z.value(z.rowStart(0) + 1), 1e-6);
        double s = Math.sqrt(2);
        double norm = Math.sqrt(9 / 2.0 + 16 / 2.0 + 1);
        assertEquals((float) (1 / norm), z.value(z.rowStart(1) + 2), 1e-6);
        assertEquals((float) (3 / s / norm), z.value(z.rowStart(1)), 1e-6);
    }

    @Test
    void concatAndConvex() {
        CsrMatrix c = LabelEmbedding.create("pifa_lf_concat", X, Y, LF, 0.5);
        assertEquals(6, c.cols());
        assertEquals(5, c.index(c.rowStart(0) + 2), "label features shifted past the pifa columns");
        CsrMatrix v = LabelEmbedding.create("pifa_lf_convex_combine", X, Y, LF, 0.25);
        assertEquals(0.25f * 0.6f, v.value(v.rowStart(0)), 1e-6);
        assertEquals(0.75f, v.value(v.rowStart(0) + 2), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> LabelEmbedding.create("lf", X, Y, null, 0.5));
    }
}
