package org.xmcbench.methods.prime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.methods.neural.dualencoder.BatchPlan;

/** The release draws a query's positive by inverse propensity: rare labels more often than frequent ones. */
class PositiveSamplingTest {
    static final double A = 0.6;
    static final double B = 2.6;
    static final int DRAWS = 20_000;

    /**
     * 100 training rows. Row 0 holds labels 0, 1 and 2, which 1, 10 and 100 rows hold: rows 1–9 hold {1, 2}, rows
     * 10–99 hold {2}.
     */
    static CsrMatrix labels() {
        List<int[]> rows = new ArrayList<>();
        rows.add(new int[] {0, 1, 2});
        for (int r = 1; r < 10; r++) {
            rows.add(new int[] {1, 2});
        }
        for (int r = 10; r < 100; r++) {
            rows.add(new int[] {2});
        }
        long[] indptr = new long[rows.size() + 1];
        List<Integer> idx = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int l : rows.get(r)) {
                idx.add(l);
            }
            indptr[r + 1] = idx.size();
        }
        float[] ones = new float[idx.size()];
        java.util.Arrays.fill(ones, 1f);
        return CsrMatrix.of(rows.size(), 3, indptr, idx.stream().mapToInt(Integer::intValue).toArray(), ones);
    }

    /** How often each label is row 0's positive over {@link #DRAWS} batches of rows 0 and 1. */
    static double[] frequencies(float[] weights) {
        BatchPlan plan = new BatchPlan(List.of(new int[] {0, 1}), labels(), 5, null, weights);
        double[] freq = new double[3];
        for (int step = 0; step < DRAWS; step++) {
            BatchPlan.Batch b = plan.batch(step);
            int i = b.queries()[0] == 0 ? 0 : 1;
            freq[b.positives()[i]] += 1.0 / DRAWS;
        }
        return freq;
    }

    @Test
    void propensityDrawsPositivesInProportionToInversePropensity() {
        // Jain et al.: C = (ln N − 1)(B + 1)^A, w_l = 1 + C (N_l + B)^−A, N = 100 rows, N_l = 1, 10, 100.
        double c = (Math.log(100) - 1) * Math.pow(B + 1, A);
        double[] w = {1 + c * Math.pow(1 + B, -A), 1 + c * Math.pow(10 + B, -A), 1 + c * Math.pow(100 + B, -A)};
        double total = w[0] + w[1] + w[2];
        float[] weights = PositiveSampling.parse("propensity").labelWeights(labels(), 3, A, B);
        for (int l = 0; l < 3; l++) {
            assertEquals(w[l], weights[l], 1e-4);
        }
        double[] got = frequencies(weights);
        for (int l = 0; l < 3; l++) {
            assertEquals(w[l] / total, got[l], 0.02, "label " + l);
        }
        // The tolerance separates the two draws: uniform would be 1/3 each, far from 0.53 / 0.31 / 0.17.
        assertTrue(w[0] / total - 1.0 / 3 > 0.15 && 1.0 / 3 - w[2] / total > 0.15);
    }

    @Test
    void uniformDrawsEachPositiveAlike() {
        assertNull(PositiveSampling.parse("uniform").labelWeights(labels(), 3, A, B));
        double[] got = frequencies(null);
        for (int l = 0; l < 3; l++) {
            assertEquals(1.0 / 3, got[l], 0.02, "label " + l);
        }
        assertThrows(IllegalArgumentException.class, () -> PositiveSampling.parse("frequency"));
    }
}
