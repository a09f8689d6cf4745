package org.xmcbench.methods.neural.dualencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both losses against their definitions evaluated in doubles, including the masking of shared positives. */
class ContrastiveLossTest {
    static final int B = 4;
    static final int H = 3;

    static float[] random(long seed) {
        Random r = new Random(seed);
        float[] x = new float[B * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static double dot(float[] a, int i, float[] b, int j) {
        double s = 0;
        for (int k = 0; k < H; k++) {
            s += a[i * H + k] * b[j * H + k];
        }
        return s;
    }

    @Test
    void softmaxAndTripletMatchTheirDefinitions() {
        float[] q = random(1);
        float[] l = random(2);
        boolean[] also = new boolean[B * B];
        also[0 * B + 2] = true; // label 2 is also a positive of query 0: not a negative for it
        double t = 0.5;
        double margin = 0.3;
        double ce = 0;
        double tri = 0;
        for (int i = 0; i < B; i++) {
            double denom = 0;
            double hardest = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < B; j++) {
                if (j != i && also[i * B + j]) {
                    continue;
                }
                denom += Math.exp(dot(q, i, l, j) / t);
                if (j != i) {
                    hardest = Math.max(hardest, dot(q, i, l, j));
                }
            }
            ce += -(dot(q, i, l, i) / t - Math.log(denom));
            tri += Math.max(0, margin - dot(q, i, l, i) + hardest);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var qa = m.create(q, new Shape(B, H));
            var la = m.create(l, new Shape(B, H));
            assertEquals(ce / B, ContrastiveLoss.SOFTMAX.compute(m, qa, la, also, (float) t, 0f).getFloat(), 1e-5);
            assertEquals(tri / B, ContrastiveLoss.TRIPLET.compute(m, qa, la, also, 1f, (float) margin).getFloat(),
                    1e-5);
        }
    }
}
