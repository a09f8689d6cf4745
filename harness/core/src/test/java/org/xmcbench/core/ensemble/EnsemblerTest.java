package org.xmcbench.core.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;

/** Each rule on a hand-computed row: member A scores labels {0: 2, 1: 1}, member B {1: 3, 2: 1}. */
class EnsemblerTest {
    static final CsrMatrix A = CsrMatrix.of(1, 3, new long[] {0, 2}, new int[] {0, 1}, new float[] {2, 1});
    static final CsrMatrix B = CsrMatrix.of(1, 3, new long[] {0, 2}, new int[] {1, 2}, new float[] {3, 1});

    private static float[] row(CsrMatrix m) {
        float[] out = new float[m.cols()];
        for (long p = m.rowStart(0); p < m.rowEnd(0); p++) {
            out[m.index(p)] = m.value(p);
        }
        return out;
    }

    private static void check(Ensembler.Rule rule, double... expected) {
        float[] got = row(Ensembler.combine(List.of(A, B), rule));
        for (int l = 0; l < expected.length; l++) {
            assertEquals(expected[l], got[l], 1e-6, rule + " label " + l);
        }
    }

    @Test
    void rules() {
        check(Ensembler.Rule.AVERAGE, 1.0, 2.0, 0.5);
        // mm = 2: A ranks 0 (rel 2), 1 (rel 1); B ranks 1 (rel 2), 2 (rel 1).
        check(Ensembler.Rule.RANK_AVERAGE, 1.0, 1.5, 0.5);
        double s1 = 1 / (1 + Math.exp(-1));
        double s2 = 1 / (1 + Math.exp(-2));
        double s3 = 1 / (1 + Math.exp(-3));
        check(Ensembler.Rule.SIGMOID_AVERAGE, s2 / 2, (s1 + s3) / 2, s1 / 2);
        double a0 = Math.exp(2) / (Math.exp(2) + Math.exp(1));
        double b1 = Math.exp(3) / (Math.exp(3) + Math.exp(1));
        check(Ensembler.Rule.SOFTMAX_AVERAGE, a0 / 2, ((1 - a0) + b1) / 2, (1 - b1) / 2);
        // base 1/3: A's relevances + 2/3, B's + 1/3, element-wise max, / 2.
        check(Ensembler.Rule.ROUND_ROBIN, (2 + 2 / 3.0) / 2, Math.max(1 + 2 / 3.0, 2 + 1 / 3.0) / 2,
                (1 + 1 / 3.0) / 2);
    }
}
