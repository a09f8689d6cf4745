package org.xmcbench.methods.alc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * The threshold-consistent margin loss (Zhang et al., ICLR 2024), over every pair of the batch: positive pairs whose
 * similarity is below {@code m⁺} and negative pairs above {@code m⁻} are penalised linearly, each term averaged over
 * its violating pairs only (0 when none violate):
 * λ⁺ · Σ_{s_p < m⁺} (m⁺ − s_p) / |{s_p < m⁺}| + λ⁻ · Σ_{s_n > m⁻} (s_n − m⁻) / |{s_n > m⁻}|.
 * It pulls every positive above and every negative below fixed similarity levels, so one global threshold means
 * the same thing for every query: the property a coverage threshold needs.
 */
final class ThresholdConsistentMargin {
    final float positiveMargin;
    final float negativeMargin;
    final float positiveWeight;
    final float negativeWeight;

    ThresholdConsistentMargin(float positiveMargin, float negativeMargin, float positiveWeight,
                              float negativeWeight) {
        if (!(positiveWeight >= 0 && negativeWeight >= 0)) {
            throw new IllegalArgumentException("TCM weights must be >= 0");
        }
        this.positiveMargin = positiveMargin;
        this.negativeMargin = negativeMargin;
        this.positiveWeight = positiveWeight;
        this.negativeWeight = negativeWeight;
    }

    /**
     * @param scores (B,B) similarities of every query to every sampled label of the batch
     * @param positives (B,B) constant mask, 1 on positive pairs
     * @param notNegatives (B,B) constant mask, 1 on every pair that is not a negative (positives included)
     */
    NDArray compute(NDArray scores, NDArray positives, NDArray notNegatives) {
        NDArray negatives = EngineScalars.add(notNegatives.neg(), 1f);
        NDArray below = EngineScalars.maximum(EngineScalars.add(scores.neg(), positiveMargin), 0f).mul(positives);
        NDArray above = EngineScalars.maximum(EngineScalars.add(scores, -negativeMargin), 0f).mul(negatives);
        return EngineScalars.mul(meanOfViolators(below), positiveWeight)
                .add(EngineScalars.mul(meanOfViolators(above), negativeWeight));
    }

    /** Sum over the strictly positive entries divided by their count (the count is not differentiated). */
    private static NDArray meanOfViolators(NDArray hinge) {
        NDArray count = hinge.stopGradient().gt(0f).toType(DataType.FLOAT32, false).sum();
        return hinge.sum().div(EngineScalars.maximum(count, 1f));
    }
}
