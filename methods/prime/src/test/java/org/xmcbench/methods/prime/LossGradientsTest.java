package org.xmcbench.methods.prime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.xmcbench.methods.neural.encoder.EngineScalars;
import org.junit.jupiter.api.Test;

/**
 * What the loss terms differentiate, against gradients worked out by hand: the release's choices (violator weights
 * and the regulariser's text side differentiated, the transposed term on the text scores) and the options that
 * restore the detached / prototype variants.
 */
class LossGradientsTest {
    static final float TAU = 0.1f;

    /** Gradient of {@code loss(x)} with respect to {@code x}, flattened. */
    interface Loss {
        NDArray of(NDArray x);
    }

    static float[] gradient(NDArray x, Loss loss) {
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.of(x));
        }
        return x.getGradient().toFloatArray();
    }

    /**
     * Row 0 has two violators: 0.45 (margin 0.1, hinge 0.05) and 0.60 (margin 0.1, hinge 0.2); rows 1 and 2 have
     * none (their negatives sit 0.9 below the positive). Row 0's loss is L = Σ w_j h_j with w = softmax(s_n / τ)
     * over the violators, the batch's loss L / 3.
     */
    @Test
    void differentiatedViolatorWeightsPushEachViolatorByItsExcessOverTheRowMean() {
        float[] scores = {0.50f, 0.45f, 0.60f, 0f, 0.9f, 0f, 0f, 0f, 0.9f};
        double e1 = Math.exp(0.45 / TAU);
        double e2 = Math.exp(0.60 / TAU);
        double w1 = e1 / (e1 + e2);
        double w2 = e2 / (e1 + e2);
        double h1 = 0.05;
        double h2 = 0.2;
        double rowLoss = w1 * h1 + w2 * h2;
        // Differentiated weights: dL/ds_j = w_j + Σ_k h_k dw_k/ds_j = w_j (1 + (h_j − L) / τ).
        double released1 = w1 * (1 + (h1 - rowLoss) / TAU) / 3;
        double released2 = w2 * (1 + (h2 - rowLoss) / TAU) / 3;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray eye = m.eye(3).toType(DataType.FLOAT32, false);
            NDArray excl = PrimeTrainer.exclusion(m, new boolean[9], 3);
            float[] g = gradient(m.create(scores, new Shape(3, 3)),
                    s -> new DynamicMarginTripletLoss(100, 0.1f, 0.3f, TAU, false).compute(s, excl, eye));
            assertEquals(released1, g[1], 1e-5, "the milder violator is pulled up: its hinge is below the mean");
            assertEquals(released2, g[2], 1e-5);
            assertEquals(-1.0 / 3, g[0], 1e-5, "the positive: the weights sum to one and do not depend on it");
            assertEquals(0, g[3], 1e-7, "a row without violators has no gradient");

            float[] d = gradient(m.create(scores, new Shape(3, 3)),
                    s -> new DynamicMarginTripletLoss(100, 0.1f, 0.3f, TAU, true).compute(s, excl, eye));
            assertEquals(w1 / 3, d[1], 1e-5, "detached: each violator is pushed by its weight alone");
            assertEquals(w2 / 3, d[2], 1e-5);
            assertEquals(-1.0 / 3, d[0], 1e-5);
            assertEquals(released1 + released2, d[1] + d[2], 1e-5, "both ways the violators' gradients sum to 1/3");
        }
    }

    /**
     * Positives (final vs text): 0.6 vs 0.65 violates (hinge 0.15), 0.9 vs 0.5 does not; hardest negatives: 0.3 vs
     * 0.1 violates (hinge 0.3), 0.2 vs 0.4 does not. Loss = (t_00 − f_00 + m) / 2 + (f_01 − t_01 + m) / 2.
     */
    @Test
    void theRegulariserDifferentiatesItsTextSideUnlessDetached() {
        float[] fin = {0.6f, 0.3f, 0.2f, 0.9f};
        float[] txt = {0.65f, 0.1f, 0.4f, 0.5f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray eye = m.eye(2).toType(DataType.FLOAT32, false);
            NDArray excl = PrimeTrainer.exclusion(m, new boolean[4], 2);
            NDArray finalScores = m.create(fin, new Shape(2, 2));
            float[] g = gradient(m.create(txt, new Shape(2, 2)),
                    t -> new PrototypeRegularizer(100, 0.1f, false).compute(finalScores, t, excl, eye));
            assertEquals(0.5, g[0], 1e-6, "the text score of a violating positive is pushed down");
            assertEquals(-0.5, g[1], 1e-6, "the text score of a violating negative is pushed up");
            assertEquals(0, g[2], 1e-7);
            assertEquals(0, g[3], 1e-7);
            // 0·Σt keeps the detached text scores in the graph, so their gradient exists (and must be 0).
            float[] d = gradient(m.create(txt, new Shape(2, 2)), t -> new PrototypeRegularizer(100, 0.1f, true)
                    .compute(finalScores, t, excl, eye).add(EngineScalars.mul(t.sum(), 0f)));
            assertEquals(0, d[0], 1e-7, "detached: the text scores are a fixed reference");
            assertEquals(0, d[1], 1e-7);
            NDArray textScores = m.create(txt, new Shape(2, 2));
            float[] f = gradient(m.create(fin, new Shape(2, 2)),
                    s -> new PrototypeRegularizer(100, 0.1f, true).compute(s, textScores, excl, eye));
            assertEquals(-0.5, f[0], 1e-6, "the final side is differentiated either way");
            assertEquals(0.5, f[1], 1e-6);
        }
    }

    @Test
    void theTransposedTermIsOnTheTextScoresUnlessAskedForThePrototypeOnes() {
        float[] text = LossesTest.SCORES;
        float[] protoA = {0.70f, 0.10f, 0.65f, 0.80f, 0.20f, 0.10f, 0.30f, 0.75f, 0.40f};
        float[] protoB = {0.10f, 0.60f, 0.20f, 0.20f, 0.50f, 0.70f, 0.90f, 0.00f, 0.60f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray eye = m.eye(3).toType(DataType.FLOAT32, false);
            NDArray excl = PrimeTrainer.exclusion(m, new boolean[9], 3);
            NDArray t = m.create(text, new Shape(3, 3));
            NDArray a = m.create(protoA, new Shape(3, 3));
            NDArray b = m.create(protoB, new Shape(3, 3));
            DynamicMarginTripletLoss triplet = new DynamicMarginTripletLoss(100, 0.1f, 0.3f, TAU, false);
            PrototypeRegularizer reg = new PrototypeRegularizer(100, 0.1f, false);
            PrimeObjective released = new PrimeObjective(triplet, reg, 1f, 1f, 0.1f,
                    PrimeObjective.DualScores.TEXT);
            float onText = triplet.compute(t.transpose(), excl.transpose(), eye).getFloat();
            assertNotEquals(0, onText, 1e-3, "the text scores' transpose has violators");
            assertEquals(onText, released.dualTerm(a, t, excl, eye).getFloat(), 1e-6);
            assertEquals(onText, released.dualTerm(b, t, excl, eye).getFloat(), 1e-6,
                    "a change of the prototype scores leaves the transposed term unchanged");

            PrimeObjective prototype = new PrimeObjective(triplet, reg, 1f, 1f, 0.1f,
                    PrimeObjective.DualScores.PROTOTYPE);
            float onA = prototype.dualTerm(a, t, excl, eye).getFloat();
            assertEquals(triplet.compute(a.transpose(), excl.transpose(), eye).getFloat(), onA, 1e-6);
            assertNotEquals(onA, prototype.dualTerm(b, t, excl, eye).getFloat(), 1e-3);

            // The whole objective: main + inter + dual + 0.1 reg, the dual term as chosen.
            float whole = released.compute(a, t, excl, eye).getFloat();
            float want = triplet.compute(a, excl, eye).getFloat() + triplet.compute(t, excl, eye).getFloat() + onText
                    + 0.1f * reg.compute(a, t, excl, eye).getFloat();
            assertEquals(want, whole, 1e-5);
            // No gradient reaches the prototype scores through the released transposed term.
            PrimeObjective dualOnly = new PrimeObjective(triplet, reg, 0f, 1f, 0f, PrimeObjective.DualScores.TEXT);
            float[] g = gradient(m.create(protoA, new Shape(3, 3)), s -> dualOnly.compute(s, t, excl, eye)
                    .sub(triplet.compute(s, excl, eye)));
            for (float x : g) {
                assertEquals(0, x, 1e-7);
            }
        }
    }
}
