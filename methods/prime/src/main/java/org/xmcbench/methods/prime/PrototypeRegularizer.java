package org.xmcbench.methods.prime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * PRIME's regulariser: the prototype network must do better than the label text alone. A positive should score
 * higher, and each of the row's {@code k} hardest negatives lower, in the final (prototype) space than in the
 * intermediate (text-only) space, by a margin: hinges max(0, t_p − f_p + m) and max(0, f_n − t_n + m). Each hinge
 * is averaged over its non-zero entries, then the two averages are averaged. As in the release (kunaldahiya/prime
 * {@code prime/libs/loss.py} {@code RegLoss}) both sides are differentiated, so the regulariser also pulls the
 * text-only scores the other way; with {@code detachText} the text-only scores are a fixed reference. Unlike the
 * release, a hinge without non-zero entries averages to 0 rather than 0/0.
 */
final class PrototypeRegularizer {
    private final int negatives;
    private final float margin;
    private final boolean detachText;

    PrototypeRegularizer(int negatives, float margin, boolean detachText) {
        this.negatives = negatives;
        this.margin = margin;
        this.detachText = detachText;
    }

    /**
     * @param finalScores (B,B) query × prototype-label scores, recorded for backward
     * @param textScores (B,B) query × text-only-label scores, recorded for backward unless {@code detachText}
     */
    NDArray compute(NDArray finalScores, NDArray textScores, NDArray exclusion, NDArray eye) {
        int b = (int) finalScores.getShape().get(0);
        int k = Math.min(negatives, b - 1);
        NDArray text = detachText ? textScores.stopGradient() : textScores;
        NDArray posHinge = EngineScalars.maximum(DynamicMarginTripletLoss.positives(text, eye)
                .sub(DynamicMarginTripletLoss.positives(finalScores, eye)).add(margin), 0f);
        NDList top = DynamicMarginTripletLoss.negativesOnly(finalScores, exclusion).topK(k, 1, true, true);
        // Raw text scores: an excluded slot keeps its large negative offset on the final side only, so its hinge is 0.
        NDArray textAtNeg = text.gather(top.get(1), 1);
        NDArray negHinge = EngineScalars.maximum(top.get(0).sub(textAtNeg).add(margin), 0f);
        return EngineScalars.mul(meanOfNonZero(posHinge).add(meanOfNonZero(negHinge)), 0.5f);
    }

    private static NDArray meanOfNonZero(NDArray hinge) {
        NDArray count = hinge.stopGradient().gt(0f).toType(DataType.FLOAT32, false).sum().maximum(1f);
        return hinge.sum().div(count);
    }
}
