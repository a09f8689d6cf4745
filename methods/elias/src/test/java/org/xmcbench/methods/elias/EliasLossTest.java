package org.xmcbench.methods.elias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training loss of a batch, computed by the engine from the host's choices, against the same loss written out
 * in doubles from its definition (every cluster visited, every label shortlisted, so nothing depends on sampling),
 * and the gradients it sends to each trained part.
 */
class EliasLossTest {
    // Two clusters; label 2 sits in both (its best path counts), cluster 1 has an unused slot.
    static final ClusterAdjacency ADJ = new ClusterAdjacency(2, 4, 3, new int[] {0, 1, 2, 2, 3, -1},
            new float[] {1, 1, 1, 1, 1, 0});

    @Test
    void lossMatchesItsDefinitionAndReachesEveryTrainedPart() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // alpha = beta = 1: with two clusters and three slots, 10 and 150 would clamp every score at 1, where no
            // gradient passes (as in ELIAS, whose clusters and rows are far wider).
            EliasNetwork net = new EliasNetwork(m, 3, ADJ, true, 1f, 1f, null, 11);
            float[] hv = {0.3f, -0.2f, 0.9f, -0.5f, 0.4f, 0.1f};
            int[][] positives = {{2}, {0, 3}};
            float lambda = 0.05f;
            HostWeights w = net.snapshot();
            double expected = expectedLoss(w, hv, positives, lambda);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray h = m.create(hv, new Shape(2, 3));
                EliasLoss.Parts parts = EliasLoss.compute(m, net, h, positives, ADJ.parents(w.edges()), 2, 100,
                        lambda, new Random(3));
                assertEquals(4, parts.shortlistWidth());
                assertEquals(3, parts.positivesInShortlist());
                assertEquals(expected, parts.loss().getFloat(), 1e-5);
                gc.backward(parts.loss());
            }
            for (String p : new String[] {"WC.weight", "WC.bias", "WL.weight", "WL.bias", "A.logits"}) {
                float[] g = net.parameters().get(p).getArray().getGradient().toFloatArray();
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                assertTrue(norm > 0, p + " receives a gradient");
            }
            net.close();
        }
    }

    /** BCE over all (row, label) + lambda * mean over rows x widest positive list of -log(best path of a positive). */
    static double expectedLoss(HostWeights w, float[] h, int[][] positives, float lambda) {
        int n = positives.length;
        int d = w.dim();
        int labels = ADJ.labels();
        double cls = 0;
        double sl = 0;
        int widest = 0;
        for (int[] p : positives) {
            widest = Math.max(widest, p.length);
        }
        for (int i = 0; i < n; i++) {
            double[] z = new double[2];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 2; c++) {
                z[c] = w.bc()[c];
                for (int j = 0; j < d; j++) {
                    z[c] += w.wc()[c * d + j] * h[i * d + j];
                }
                max = Math.max(max, z[c]);
            }
            double sum = Math.exp(z[0] - max) + Math.exp(z[1] - max);
            double a = w.alpha();
            double[] s = {Math.min(1, a * Math.exp(z[0] - max) / sum), Math.min(1, a * Math.exp(z[1] - max) / sum)};
            double[] path = new double[labels];
            for (int c = 0; c < 2; c++) {
                for (int slot = 0; slot < 3; slot++) {
                    int l = ADJ.label(c, slot);
                    if (l >= 0) {
                        path[l] = Math.max(path[l], s[c] * w.edges()[c * 3 + slot]);
                    }
                }
            }
            for (int l = 0; l < labels; l++) {
                double logit = w.bl()[l];
                for (int j = 0; j < d; j++) {
                    logit += w.wl()[l * d + j] * h[i * d + j];
                }
                double p = path[l] / (1 + Math.exp(-logit));
                int label = l;
                boolean pos = java.util.Arrays.stream(positives[i]).anyMatch(x -> x == label);
                cls += pos ? -Math.log(p) : -Math.log(1 - p);
            }
            for (int l : positives[i]) {
                sl += -Math.log(path[l]);
            }
        }
        return cls / (n * labels) + lambda * sl / (n * widest);
    }
}
