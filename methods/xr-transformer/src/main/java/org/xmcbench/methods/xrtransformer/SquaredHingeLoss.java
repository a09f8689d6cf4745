package org.xmcbench.methods.xrtransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * PECOS's matcher loss ({@code weighted-squared-hinge}: margin 1, power 2, cost weighted) over each instance's
 * shortlist of clusters: {@code sum cost_ic * max(0, 1 - y_ic s_ic)^2 / |shortlist entries|}, with y = +1 for a
 * positive cluster and -1 for a shortlisted negative; clusters off the shortlist do not count.
 */
final class SquaredHingeLoss {
    private SquaredHingeLoss() {}

    /**
     * @param scores (B, K) recorded for backward
     * @param sign row-major B x K: +1 positive, -1 shortlisted negative, 0 off the shortlist
     * @param cost row-major B x K: the weight of each shortlisted entry (0 off the shortlist)
     */
    static NDArray compute(NDManager m, NDArray scores, float[] sign, float[] cost) {
        Shape shape = scores.getShape();
        int entries = 0;
        for (float c : cost) {
            if (c != 0) {
                entries++;
            }
        }
        // duplicate(): the engine's own copies, since autograd keeps the operands of a product for backward.
        NDArray y = m.create(sign, shape).duplicate();
        NDArray w = m.create(cost, shape).duplicate();
        NDArray margin = EngineScalars.maximum(y.mul(scores).neg().add(1f), 0f);
        NDArray total = margin.mul(margin).mul(w).sum();
        return EngineScalars.div(total, Math.max(1, entries));
    }

    /** The same loss on plain arrays (scores row-major like sign and cost), for evaluation outside a graph. */
    static double compute(float[] scores, float[] sign, float[] cost) {
        double total = 0;
        int entries = 0;
        for (int i = 0; i < scores.length; i++) {
            if (cost[i] != 0) {
                double m = Math.max(0, 1 - sign[i] * (double) scores[i]);
                total += cost[i] * m * m;
                entries++;
            }
        }
        return total / Math.max(1, entries);
    }
}
