package org.xmcbench.methods.neural.dualencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * Losses over a batch of B queries and the B labels sampled as their positives, where every other label of the
 * batch is a negative (in-batch negatives). A label that happens to be a positive of another query in the batch
 * too is masked out of that query's negatives: with skewed label frequencies that is common, and treating a true
 * label as a negative would teach the model the opposite of the truth.
 */
public enum ContrastiveLoss {
    /** Temperature-scaled softmax cross-entropy (InfoNCE), DEXML/NGAME style. */
    SOFTMAX,
    /** Triplet hinge on the hardest in-batch negative: max(0, margin − s(q, l+) + max s(q, l−)). */
    TRIPLET;

    private static final float EXCLUDED = -1e4f;

    public static ContrastiveLoss parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "softmax" -> SOFTMAX;
            case "triplet" -> TRIPLET;
            default -> throw new IllegalArgumentException("loss must be softmax or triplet, got '" + s + "'");
        };
    }

    /**
     * @param q query embeddings (B,H)
     * @param l positive label embeddings (B,H), row i the positive of query i
     * @param notNegative row-major B×B, true where label j is not a negative of query i: another positive of it,
     *     or a false negative (the diagonal is ignored)
     * @param temperature softmax temperature
     * @param margin triplet margin
     */
    public NDArray compute(NDManager m, NDArray q, NDArray l, boolean[] notNegative, float temperature,
                           float margin) {
        return compute(m, q, l, notNegative, temperature, margin, null);
    }

    /**
     * As above, with {@code moreNegatives} (B, N): scores of each query against further negatives without gradient
     * on their side (see {@link LabelCacheNegatives}; masked entries far below any cosine), or null for none.
     */
    public NDArray compute(NDManager m, NDArray q, NDArray l, boolean[] notNegative, float temperature,
                           float margin, NDArray moreNegatives) {
        int b = (int) q.getShape().get(0);
        float[] excl = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                if (i != j && notNegative[i * b + j]) {
                    excl[i * b + j] = EXCLUDED;
                }
            }
        }
        NDArray exclusion = m.create(excl, new Shape(b, b)).toDevice(q.getDevice(), false);
        NDArray eye = m.eye(b).toType(DataType.FLOAT32, false).toDevice(q.getDevice(), false);
        NDArray scores = q.matMul(l.transpose());
        if (this == SOFTMAX) {
            NDArray logits = EngineScalars.div(scores, temperature).add(exclusion);
            if (moreNegatives == null) {
                return logits.logSoftmax(1).mul(eye).sum(new int[] {1}).neg().mean();
            }
            NDArray all = logits.concat(EngineScalars.div(moreNegatives, temperature), 1);
            // The positive of row i is column i of the in-batch block, the first b columns.
            return all.logSoftmax(1).get(":, :" + b).mul(eye).sum(new int[] {1}).neg().mean();
        }
        NDArray positive = scores.mul(eye).sum(new int[] {1});
        NDArray hardest = scores.add(exclusion).add(eye.mul(EXCLUDED)).max(new int[] {1});
        if (moreNegatives != null) {
            hardest = hardest.maximum(moreNegatives.max(new int[] {1}));
        }
        return EngineScalars.maximum(hardest.sub(positive).add(margin), 0f).mean();
    }
}
