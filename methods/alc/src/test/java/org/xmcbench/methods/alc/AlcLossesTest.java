package org.xmcbench.methods.alc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** ALC's losses against their formulas evaluated by hand (plain Java arithmetic) on small score matrices. */
class AlcLossesTest {
    // Row i's sampled positive on the diagonal.
    static final float[] SCORES = {
        0.95f, 0.60f, 0.20f,
        0.55f, 0.70f, 0.40f,
        0.10f, 0.65f, 0.85f,
    };

    static NDArray positives(NDManager m, boolean... also) {
        boolean[] a = also.length == 0 ? new boolean[9] : also;
        return PairMasks.positives(m, a, 3, m.zeros(new Shape(1)));
    }

    @Test
    void hardestNegativeMarginUsesTheSingleHardestNonPositive() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(SCORES, new Shape(3, 3));
            NDArray eye = m.eye(3).toType(DataType.FLOAT32, false);
            float got = new HardestNegativeMargin(0.2f).compute(s, positives(m), eye).getFloat();
            // row 0: max(0, 0.2 - 0.95 + 0.60) = 0; row 1: 0.2 - 0.70 + 0.55 = 0.05; row 2: 0.2 - 0.85 + 0.65 = 0
            assertEquals(0.05 / 3, got, 1e-6);
            // Label 0 is also a positive of query 1: its hardest negative becomes 0.40, no violation left.
            boolean[] also = new boolean[9];
            also[3] = true;
            float masked = new HardestNegativeMargin(0.2f).compute(s, positives(m, also), eye).getFloat();
            assertEquals(0, masked, 1e-7);
            float wide = new HardestNegativeMargin(0.4f).compute(s, positives(m, also), eye).getFloat();
            // row 0: 0.4 - 0.95 + 0.60 = 0.05; row 1: 0.4 - 0.70 + 0.40 = 0.10; row 2: 0.4 - 0.85 + 0.65 = 0.20
            assertEquals((0.05 + 0.10 + 0.20) / 3, wide, 1e-6);
        }
    }

    @Test
    void aFalseNegativeIsNeitherAPositiveNorANegative() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(SCORES, new Shape(3, 3));
            NDArray eye = m.eye(3).toType(DataType.FLOAT32, false);
            boolean[] none = new boolean[9];
            boolean[] falseNeg = new boolean[9];
            falseNeg[3] = true; // label 0 has query 1's own text
            NDArray like = m.zeros(new Shape(1));
            NDArray notNeg = PairMasks.notNegatives(m, none, falseNeg, 3, like);
            // Out of the hardest negatives, as a positive would be: row 1's hardest becomes 0.40, no violation.
            assertEquals(0, new HardestNegativeMargin(0.2f).compute(s, notNeg, eye).getFloat(), 1e-7);
            // Out of TCM's negatives (0.55 > 0.5 no longer counts) and not among its positives either.
            float tcm = new ThresholdConsistentMargin(0.9f, 0.5f, 1f, 1f)
                    .compute(s, PairMasks.positives(m, none, 3, like), notNeg).getFloat();
            // positives below 0.9: 0.70, 0.85 (0.95 is above) -> (0.20 + 0.05) / 2; negatives above 0.5: 0.60, 0.65
            assertEquals((0.20 + 0.05) / 2 + (0.10 + 0.15) / 2, tcm, 1e-6);
        }
    }

    @Test
    void tcmAveragesEachTermOverItsViolatorsOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(SCORES, new Shape(3, 3));
            float got = new ThresholdConsistentMargin(0.9f, 0.5f, 1f, 1f).compute(s, positives(m), positives(m))
                    .getFloat();
            // positives 0.95, 0.70, 0.85: violators (below 0.9) 0.70 -> 0.20 and 0.85 -> 0.05: mean 0.125
            // negatives 0.60, 0.20, 0.55, 0.40, 0.10, 0.65: above 0.5: 0.10, 0.05, 0.15: mean 0.10
            assertEquals(0.125 + 0.10, got, 1e-6);
            float weighted = new ThresholdConsistentMargin(0.9f, 0.5f, 2f, 0.5f).compute(s, positives(m), positives(m))
                    .getFloat();
            assertEquals(2 * 0.125 + 0.5 * 0.10, weighted, 1e-6);
            // Nothing violates: 0, not 0/0.
            NDArray calm = m.create(new float[] {0.95f, 0.1f, 0.1f, 0.95f}, new Shape(2, 2));
            float none = new ThresholdConsistentMargin(0.9f, 0.5f, 1f, 1f)
                    .compute(calm, PairMasks.positives(m, new boolean[4], 2, calm),
                            PairMasks.positives(m, new boolean[4], 2, calm)).getFloat();
            assertEquals(0, none, 1e-7);
        }
    }

    @Test
    void tcmPushesLowPositivesUpAndHighNegativesDown() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(SCORES, new Shape(3, 3));
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new ThresholdConsistentMargin(0.9f, 0.5f, 1f, 1f).compute(s, positives(m), positives(m)));
            }
            float[] g = s.getGradient().toFloatArray();
            assertEquals(0, g[0], 1e-7, "a positive above m+ is left alone");
            assertEquals(-0.5, g[4], 1e-6, "a violating positive: -1 / (2 violators)");
            assertEquals(1.0 / 3, g[1], 1e-6, "a violating negative: +1 / (3 violators)");
            assertEquals(0, g[2], 1e-7, "a negative below m- is left alone");
        }
    }

    @Test
    void pairDiscriminationIsBalancedCrossEntropyOnTheHardestNegativesWhenTheHeadIsSilent() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float t = 0.1f;
            PairDiscrimination pd = new PairDiscrimination(1, t, 1f, 4);
            pd.initialize(m, 2);
            pd.head().getParameters().forEach(p -> p.getValue().getArray().muli(0)); // correction h = 0
            // Unit vectors whose products are the scores of interest are not needed: the head sees (q, l) but
            // outputs 0, so only the given scores matter.
            NDArray q = m.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            NDArray l = m.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            NDArray s = m.create(SCORES, new Shape(3, 3));
            float got = pd.compute(m, q, l, s, positives(m), positives(m)).getFloat();
            // positives: 0.95, 0.70, 0.85; hardest negative per row: 0.60, 0.55, 0.65
            double pos = (nls(0.95 / t) + nls(0.70 / t) + nls(0.85 / t)) / 3;
            double neg = (nls(-0.60 / t) + nls(-0.55 / t) + nls(-0.65 / t)) / 3;
            assertEquals(0.5 * (pos + neg), got, 1e-5);
        }
    }

    @Test
    void theHeadsPairSpecificCorrectionIsPenalisedButItsConstantIsNot() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PairDiscrimination with = new PairDiscrimination(1, 0.1f, 1f, 4);
            with.initialize(m, 2);
            PairDiscrimination without = new PairDiscrimination(1, 0.1f, 0f, 4);
            without.initialize(m, 2);
            // Same head weights in both; the spread penalty is the only difference.
            var a = with.head().getParameters();
            var b = without.head().getParameters();
            for (int i = 0; i < a.size(); i++) {
                b.get(i).getValue().getArray().set(a.get(i).getValue().getArray().toFloatArray());
            }
            NDArray q = m.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            NDArray s = q.matMul(q.transpose());
            float pw = with.compute(m, q, q, s, positives(m), positives(m)).getFloat();
            float po = without.compute(m, q, q, s, positives(m), positives(m)).getFloat();
            assertTrue(pw > po, "a head that corrects pairs differently pays for it: " + pw + " vs " + po);
        }
    }

    @Test
    void logSigmoidIsStableAtBothEnds() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] v = PairDiscrimination.logSigmoid(m.create(new float[] {-200f, 0f, 200f})).toFloatArray();
            assertEquals(-200, v[0], 1e-3);
            assertEquals(Math.log(0.5), v[1], 1e-6);
            assertEquals(0, v[2], 1e-6);
        }
    }

    /** -log σ(x). */
    private static double nls(double x) {
        return Math.log1p(Math.exp(-x));
    }
}
