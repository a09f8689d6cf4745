package org.xmcbench.methods.alc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * ALC's second objective as this harness interprets it (batch-aware pair discrimination): a small head reads the
 * representation of a (query, label) pair, [q ⊙ l, |q − l|], and its logit is
 * z = s(q, l) / T + h([q ⊙ l, |q − l|]): the similarity that inference thresholds, plus the head's correction.
 * It is trained by binary cross-entropy to accept each query's positives and reject its {@code k} hardest in-batch
 * negatives (chosen by similarity within the batch), positives and negatives weighted equally. The head's constant
 * part acts as a learned global threshold; its pair-specific part is penalised (its variance over the pairs), so
 * the separation it learns has to be carried by the similarity itself and the head's output stays consistent with
 * the similarity a deployed system thresholds. The head is not used at inference.
 */
final class PairDiscrimination {
    final int negatives;
    final float temperature;
    final float consistencyWeight;
    final int hidden;
    private SequentialBlock head;

    PairDiscrimination(int negatives, float temperature, float consistencyWeight, int hidden) {
        if (negatives < 1 || !(temperature > 0) || !(consistencyWeight >= 0) || hidden < 1) {
            throw new IllegalArgumentException("need pair_negatives >= 1, pair_temperature > 0, "
                    + "pair_consistency >= 0, pair_hidden >= 1");
        }
        this.negatives = negatives;
        this.temperature = temperature;
        this.consistencyWeight = consistencyWeight;
        this.hidden = hidden;
    }

    void initialize(NDManager manager, int dimension) {
        head = new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Activation::gelu)
                .add(Linear.builder().setUnits(1).build());
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 2L * dimension));
    }

    SequentialBlock head() {
        return head;
    }

    /**
     * @param q (B,H) query embeddings
     * @param l (B,H) label representations, row i query i's sampled positive
     * @param scores (B,B) {@code q lᵀ}
     * @param positives (B,B) constant mask of positive pairs
     * @param notNegatives (B,B) constant mask of the pairs that may not serve as negatives (positives included)
     */
    NDArray compute(NDManager m, NDArray q, NDArray l, NDArray scores, NDArray positives, NDArray notNegatives) {
        int b = (int) q.getShape().get(0);
        long h = q.getShape().get(1);
        NDArray qi = q.expandDims(1).broadcast(new Shape(b, b, h));
        NDArray lj = l.expandDims(0).broadcast(new Shape(b, b, h));
        NDArray pairs = NDArrays.concat(new NDList(qi.mul(lj), qi.sub(lj).abs()), 2).reshape(b * b, 2 * h);
        NDArray correction = head.forward(new ParameterStore(m, false), new NDList(pairs), true)
                .singletonOrThrow().reshape(b, b);
        NDArray logits = EngineScalars.div(scores, temperature).add(correction);
        NDArray hard = hardestNegatives(m, scores, notNegatives, b);
        // -log σ(z) on positives, -log(1 − σ(z)) = -log σ(-z) on the chosen negatives; each class averaged.
        NDArray posLoss = logSigmoid(logits).neg().mul(positives).sum().div(positives.sum());
        NDArray negLoss = logSigmoid(logits.neg()).neg().mul(hard).sum().div(EngineScalars.maximum(hard.sum(), 1f));
        NDArray loss = EngineScalars.mul(posLoss.add(negLoss), 0.5f);
        if (consistencyWeight > 0) {
            NDArray used = positives.add(hard);
            NDArray mean = correction.mul(used).sum().div(used.sum());
            NDArray spread = correction.sub(mean).square().mul(used).sum().div(used.sum());
            loss = loss.add(EngineScalars.mul(spread, consistencyWeight));
        }
        return loss;
    }

    /** log σ(x) = −softplus(−x), computed stably as min(x, 0) − log(1 + e^{−|x|}). */
    static NDArray logSigmoid(NDArray x) {
        return EngineScalars.minimum(x, 0f).sub(EngineScalars.add(x.abs().neg().exp(), 1f).log());
    }

    /** 1 on each row's {@code k} most similar negatives (ties by column order), 0 elsewhere; a constant. */
    private NDArray hardestNegatives(NDManager m, NDArray scores, NDArray notNegatives, int b) {
        int k = Math.min(negatives, b - 1);
        float[] s = scores.stopGradient().add(notNegatives.mul(PairMasks.OUT_OF_REACH)).toFloatArray();
        float[] mask = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int picked = 0; picked < k; picked++) {
                int best = -1;
                for (int j = 0; j < b; j++) {
                    if (mask[i * b + j] == 0 && s[i * b + j] > PairMasks.OUT_OF_REACH / 2
                            && (best < 0 || s[i * b + j] > s[i * b + best])) {
                        best = j;
                    }
                }
                if (best < 0) {
                    break; // the row has fewer than k negatives
                }
                mask[i * b + best] = 1f;
            }
        }
        return PairMasks.constant(m, mask, b, scores);
    }
}
