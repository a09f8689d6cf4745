package org.xmcbench.methods.prime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * PRIME's triplet loss with a dynamic margin, over a square score matrix whose diagonal holds each row's positive
 * and whose other entries are in-batch negatives unless excluded (another positive of the row).
 *
 * <p>For row i with positive score s_p and each of its {@code k} hardest negatives s_n: margin
 * m = clamp(|s_p − s_n|, minMargin, maxMargin) (not differentiated), hinge max(0, s_n − s_p + m); the violating
 * negatives (hinge > 0) are weighted by softmax(s_n / τ) among themselves; the row's loss is the weighted sum, the
 * batch's the mean over rows. As in the release (kunaldahiya/prime {@code prime/libs/loss.py}
 * {@code TripletMarginLossOHNM}) the weights are differentiated through s_n, so a violator's gradient is
 * w (1 + (h − Σ w h) / τ): the more a violator outweighs the row's mean hinge, the harder it is pushed. With
 * {@code detachWeights} the weights only pick which violators matter and each is pushed by w.
 */
final class DynamicMarginTripletLoss {
    /** Added to excluded entries: far below any cosine, so they are never among the hardest and never violate. */
    static final float EXCLUDED = -1e4f;

    final int negatives;
    final float minMargin;
    final float maxMargin;
    final float tau;
    final boolean detachWeights;

    DynamicMarginTripletLoss(int negatives, float minMargin, float maxMargin, float tau, boolean detachWeights) {
        if (negatives < 1 || minMargin < 0 || maxMargin < minMargin || tau <= 0) {
            throw new IllegalArgumentException("need negatives >= 1, 0 <= margin_min <= margin, tau > 0");
        }
        this.negatives = negatives;
        this.minMargin = minMargin;
        this.maxMargin = maxMargin;
        this.tau = tau;
        this.detachWeights = detachWeights;
    }

    /** The positive (diagonal) scores, shape (B). */
    static NDArray positives(NDArray scores, NDArray eye) {
        return scores.mul(eye).sum(new int[] {1});
    }

    /** Scores with the diagonal and the excluded entries pushed out of reach ({@link #EXCLUDED}). */
    static NDArray negativesOnly(NDArray scores, NDArray exclusion) {
        return scores.add(exclusion);
    }

    /**
     * @param scores (B,B), row i's positive on the diagonal; recorded for backward
     * @param exclusion (B,B) engine-owned: 0 for a negative, {@link #EXCLUDED} for the diagonal and other positives
     * @param eye (B,B) engine-owned identity
     */
    NDArray compute(NDArray scores, NDArray exclusion, NDArray eye) {
        int b = (int) scores.getShape().get(0);
        int k = Math.min(negatives, b - 1);
        NDArray pos = positives(scores, eye).expandDims(1);
        NDList top = negativesOnly(scores, exclusion).topK(k, 1, true, true);
        NDArray neg = top.get(0);
        NDArray diff = neg.sub(pos);
        NDArray margin = diff.stopGradient().abs().clip(minMargin, maxMargin);
        NDArray hinge = EngineScalars.maximum(diff.add(margin), 0f);
        NDArray weights = violatorWeights(detachWeights ? neg.stopGradient() : neg, hinge.stopGradient());
        return hinge.mul(weights).sum(new int[] {1}).mean();
    }

    /** softmax(s_n / τ) over each row's violators, 0 elsewhere; a row without violators gets all zeros. */
    NDArray violatorWeights(NDArray neg, NDArray hinge) {
        NDArray violates = hinge.gt(0f).toType(DataType.FLOAT32, false);
        // Engine-owned scalars: autograd keeps these operands when the weights are differentiated.
        NDArray logits = EngineScalars.div(neg, tau).add(violates.sub(1f).mul(-EXCLUDED)); // non-violators far below
        NDArray w = logits.softmax(1).mul(violates);
        NDArray total = w.sum(new int[] {1}, true);
        return w.div(EngineScalars.maximum(total, 1e-12f));
    }
}
