package org.xmcbench.methods.alc;

import ai.djl.ndarray.NDArray;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * ALC's first objective as this harness interprets it: for each query, a hinge between the similarity of its
 * sampled positive and that of the hardest in-batch negative, max(0, margin − s(q, l⁺) + max s(q, l⁻)), averaged
 * over the batch. Only the single hardest negative counts, so the loss works on the top of the ranking, which is
 * what a top-1 decision threshold sees.
 */
final class HardestNegativeMargin {
    final float margin;

    HardestNegativeMargin(float margin) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("hardest_margin must be >= 0, got " + margin);
        }
        this.margin = margin;
    }

    /**
     * @param scores (B,B) similarities, row i's sampled positive on the diagonal
     * @param notNegatives (B,B) constant mask, 1 on every pair that is not a negative (see {@link PairMasks})
     */
    NDArray compute(NDArray scores, NDArray notNegatives, NDArray eye) {
        NDArray pos = scores.mul(eye).sum(new int[] {1});
        NDArray hardest = scores.add(EngineScalars.mul(notNegatives, PairMasks.OUT_OF_REACH)).max(new int[] {1});
        return EngineScalars.maximum(EngineScalars.add(hardest.sub(pos), margin), 0f).mean();
    }
}
