package org.xmcbench.methods.prime;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * PRIME's training loss over one batch (kunaldahiya/prime {@code prime/libs/loss.py} {@code TripletLossWReg}): the
 * dynamic-margin triplet loss on the final (prototype) scores, plus {@code interWeight}·the same on the text-only
 * scores, plus {@code dualWeight}·the same transposed (each label against the batch's queries), plus
 * {@code regWeight}·the regulariser.
 */
final class PrimeObjective {

    /** Which scores the transposed (label → query) term is computed on. */
    enum DualScores {
        /** The release's: query × label-text scores. */
        TEXT,
        /** Query × final (prototype) label scores. */
        PROTOTYPE;

        static DualScores parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "prototype" -> PROTOTYPE;
                default -> throw new IllegalArgumentException("dual_scores must be text or prototype, got '" + s
                        + "'");
            };
        }
    }

    private final DynamicMarginTripletLoss triplet;
    private final PrototypeRegularizer regulariser;
    private final float interWeight;
    private final float dualWeight;
    private final float regWeight;
    private final DualScores dualScores;

    PrimeObjective(DynamicMarginTripletLoss triplet, PrototypeRegularizer regulariser, float interWeight,
                   float dualWeight, float regWeight, DualScores dualScores) {
        this.triplet = triplet;
        this.regulariser = regulariser;
        this.interWeight = interWeight;
        this.dualWeight = dualWeight;
        this.regWeight = regWeight;
        this.dualScores = dualScores;
    }

    /**
     * @param finalScores (B,B) query × final label scores, row i's positive on the diagonal
     * @param textScores (B,B) query × label-text scores
     * @param exclusion (B,B) engine-owned, see {@link DynamicMarginTripletLoss#compute}
     * @param eye (B,B) engine-owned identity
     */
    NDArray compute(NDArray finalScores, NDArray textScores, NDArray exclusion, NDArray eye) {
        NDArray loss = triplet.compute(finalScores, exclusion, eye)
                .add(scaled(triplet.compute(textScores, exclusion, eye), interWeight))
                .add(scaled(dualTerm(finalScores, textScores, exclusion, eye), dualWeight));
        if (regWeight > 0) {
            loss = loss.add(scaled(regulariser.compute(finalScores, textScores, exclusion, eye), regWeight));
        }
        return loss;
    }

    /** The ablation without the prototype network: the text scores are the final ones, no intermediate term. */
    NDArray withoutPrototypes(NDArray textScores, NDArray exclusion, NDArray eye) {
        return triplet.compute(textScores, exclusion, eye)
                .add(scaled(triplet.compute(textScores.transpose(), exclusion.transpose(), eye), dualWeight));
    }

    /** The transposed term, unweighted: each in-batch label against the batch's queries. */
    NDArray dualTerm(NDArray finalScores, NDArray textScores, NDArray exclusion, NDArray eye) {
        NDArray scores = dualScores == DualScores.TEXT ? textScores : finalScores;
        return triplet.compute(scores.transpose(), exclusion.transpose(), eye);
    }

    private static NDArray scaled(NDArray x, float weight) {
        return weight == 1f ? x : EngineScalars.mul(x, weight);
    }
}
