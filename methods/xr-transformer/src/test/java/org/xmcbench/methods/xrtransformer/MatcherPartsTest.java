package org.xmcbench.methods.xrtransformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;

/** The pieces of a fine-tuning level, each against a hand computation. */
class MatcherPartsTest {
    @Test
    void targetsSumLabelValuesPerCluster() {
        // 2 instances, 4 labels; labels 0,1 -> cluster 1, labels 2,3 -> cluster 0.
        CsrMatrix y = CsrMatrix.of(2, 4, new long[] {0, 3, 4}, new int[] {0, 1, 2, 3}, new float[] {1, 1, 1, 1});
        CsrMatrix t = ClusterTargets.aggregate(y, new int[] {1, 1, 0, 0}, 2);
        assertEquals(2, t.cols());
        assertEquals(2, t.rowNnz(0));
        assertEquals(0, t.index(0));
        assertEquals(1f, t.value(0));
        assertEquals(1, t.index(1));
        assertEquals(2f, t.value(1));
        assertEquals(1, t.rowNnz(1));
        assertEquals(0, t.index(3));
    }

    /** PECOS's matching matrix: a parent trains on the instances whose shortlist holds any of its children. */
    @Test
    void aParentsBootstrapInstancesAreThoseShortlistingOneOfItsChildren() {
        int[][] children = {{0, 1}, {2, 3}, {4, 5}};
        int[][] shortlist = {{3, 2, 4, 5}, {0}, {}, {1, 0, 5}};
        int[][] sets = MatcherFinetuner.parentSets(shortlist, children, 6);
        assertArrayEquals(new int[] {1, 3}, sets[0]);
        assertArrayEquals(new int[] {0}, sets[1]);
        assertArrayEquals(new int[] {0, 3}, sets[2], "each instance once, ascending");
    }

    @Test
    void shortlistHasPositivesFirstThenTeacherForcedThenPredictedChildrenAndRespectsTheCap() {
        // 3 parents with children {0,1}, {2,3}, {4,5}; one instance, positive cluster 3 (parent 1).
        int[][] children = {{0, 1}, {2, 3}, {4, 5}};
        CsrMatrix parentTargets = CsrMatrix.of(1, 3, new long[] {0, 1}, new int[] {1}, new float[] {1});
        CsrMatrix targets = CsrMatrix.of(1, 6, new long[] {0, 1}, new int[] {3}, new float[] {1});
        int[][] topParents = {{2}}; // the matcher ranks parent 2 first
        int[][] s = Shortlists.build(parentTargets, targets, topParents, children, 10);
        assertArrayEquals(new int[] {3, 2, 4, 5}, s[0]);
        int[][] tfnOnly = Shortlists.build(parentTargets, targets, null, children, 10);
        assertArrayEquals(new int[] {3, 2}, tfnOnly[0]);
        int[][] capped = Shortlists.build(parentTargets, targets, topParents, children, 3);
        assertArrayEquals(new int[] {3, 2, 4}, capped[0]);
    }

    @Test
    void squaredHingeMatchesItsFormulaAndGradient() {
        float[] scores = {0.5f, -2f, 0.3f, 2f};
        float[] sign = {1, -1, -1, 0};
        float[] cost = {2, 1, 1, 0};
        // entries: 2*(1-0.5)^2 = 0.5; max(0,1-2)=0; (1+0.3)^2 = 1.69; off-list. Mean over 3 shortlisted entries.
        double expected = (0.5 + 0 + 1.69) / 3;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(scores, new Shape(2, 2)).duplicate();
            s.setRequiresGradient(true);
            float loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = SquaredHingeLoss.compute(m, s, sign, cost);
                loss = l.getFloat();
                gc.backward(l);
            }
            assertEquals(expected, loss, 1e-6);
            assertEquals(expected, SquaredHingeLoss.compute(scores, sign, cost), 1e-6);
            // d/ds of c*(1 - y s)^2 = -2 c y (1 - y s), divided by 3.
            float[] grad = s.getGradient().toFloatArray();
            assertEquals(-2 * 2 * 1 * 0.5 / 3, grad[0], 1e-6);
            assertEquals(0, grad[1], 1e-6);
            assertEquals(-2 * 1 * -1 * 1.3 / 3, grad[2], 1e-6);
            assertEquals(0, grad[3], 1e-6);
        }
    }

    @Test
    void concatenatedFeaturesKeepTheSparseColumnsAndNormaliseTheEmbedding() {
        CsrMatrix x = CsrMatrix.of(1, 5, new long[] {0, 2}, new int[] {1, 4}, new float[] {0.6f, 0.8f});
        CsrMatrix c = ConcatFeatures.of(x, new float[] {3, 4}, 2, 3); // column 4 is beyond the trained 3: dropped
        assertEquals(5, c.cols());
        assertEquals(3, c.rowNnz(0));
        assertEquals(1, c.index(0));
        assertEquals(3, c.index(1));
        assertEquals(0.6f, c.value(1), 1e-7);
        assertEquals(4, c.index(2));
        assertEquals(0.8f, c.value(2), 1e-7);
    }
}
