package org.xmcbench.methods.prime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The losses against the formulas evaluated by hand (plain Java arithmetic) on small score matrices. */
class LossesTest {
    // Row i's positive on the diagonal.
    static final float[] SCORES = {
        0.50f, 0.45f, 0.10f,
        0.20f, 0.90f, 0.85f,
        0.60f, -0.20f, 0.30f,
    };

    /** The release's loss for one row: violators weighted by softmax(s_n / tau) among themselves. */
    static double rowLoss(double sp, double[] negs, double tau) {
        double wsum = 0;
        double lsum = 0;
        for (double sn : negs) {
            double m = Math.min(0.3, Math.max(0.1, Math.abs(sp - sn)));
            double h = Math.max(0, sn - sp + m);
            if (h > 0) {
                double w = Math.exp(sn / tau);
                wsum += w;
                lsum += w * h;
            }
        }
        return wsum == 0 ? 0 : lsum / wsum;
    }

    @Test
    void dynamicMarginTripletMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(SCORES, new Shape(3, 3));
            NDArray eye = m.eye(3).toType(DataType.FLOAT32, false);
            boolean[] also = new boolean[9];
            NDArray excl = PrimeTrainer.exclusion(m, also, 3);
            float got = new DynamicMarginTripletLoss(100, 0.1f, 0.3f, 0.1f, false).compute(s, excl, eye).getFloat();
            // row 0: 0.45 violates (m=0.1 -> h=0.05), 0.10 does not (m=0.3 -> h=-0.1)
            // row 1: 0.85 violates (m=0.1 -> h=0.05), 0.20 does not
            // row 2: 0.60 violates (m=0.3 -> h=0.6), -0.20 does not
            double want = (rowLoss(0.5, new double[] {0.45, 0.10}, 0.1) + rowLoss(0.9, new double[] {0.2, 0.85}, 0.1)
                    + rowLoss(0.3, new double[] {0.6, -0.2}, 0.1)) / 3;
            assertEquals((0.05 + 0.05 + 0.6) / 3, want, 1e-9);
            assertEquals(want, got, 1e-6);

            // Two violators in a row share the loss by softmax(s_n / tau); an excluded entry never counts.
            NDArray s2 = m.create(new float[] {0.5f, 0.48f, 0.55f, 0f, 0.9f, 0f, 0f, 0f, 0.9f}, new Shape(3, 3));
            float got2 = new DynamicMarginTripletLoss(100, 0.1f, 0.3f, 0.1f, false).compute(s2, excl, eye).getFloat();
            double want2 = rowLoss(0.5, new double[] {0.48, 0.55}, 0.1) / 3;
            assertEquals(want2, got2, 1e-6);
            also[2] = true; // label 2 is a positive of query 0 too
            float got3 = new DynamicMarginTripletLoss(100, 0.1f, 0.3f, 0.1f, false)
                    .compute(s2, PrimeTrainer.exclusion(m, also, 3), eye).getFloat();
            assertEquals(rowLoss(0.5, new double[] {0.48}, 0.1) / 3, got3, 1e-6);
            // Only the k hardest negatives are looked at.
            float got4 = new DynamicMarginTripletLoss(1, 0.1f, 0.3f, 0.1f, false).compute(s2, excl, eye).getFloat();
            assertEquals(rowLoss(0.5, new double[] {0.55}, 0.1) / 3, got4, 1e-6);
        }
    }

    @Test
    void regulariserMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray eye = m.eye(2).toType(DataType.FLOAT32, false);
            NDArray excl = PrimeTrainer.exclusion(m, new boolean[4], 2);
            // final vs text: positives 0.6 vs 0.65 (hinge 0.15), 0.9 vs 0.5 (0); negatives 0.3 vs 0.1 (0.3),
            // 0.2 vs 0.4 (0)
            NDArray fin = m.create(new float[] {0.6f, 0.3f, 0.2f, 0.9f}, new Shape(2, 2));
            NDArray txt = m.create(new float[] {0.65f, 0.1f, 0.4f, 0.5f}, new Shape(2, 2));
            float got = new PrototypeRegularizer(100, 0.1f, false).compute(fin, txt, excl, eye).getFloat();
            // each hinge averaged over its non-zero entries: (0.15 / 1 + 0.3 / 1) / 2
            assertEquals((0.15 + 0.3) / 2, got, 1e-6);
        }
    }
}
