package org.xmcbench.methods.elias;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.Random;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * One training batch of ELIAS ({@code ELIAS1/2.forward} with {@code ELIASLoss}): cluster scores, the training beam
 * (teacher-forced), the paths of the visited clusters, the top-K label shortlist by path, final scores
 * {@code σ(w_lᵀh) · path}, and the loss {@code BCE(final, targets over the shortlist) + λ · BCE(path at the
 * positives some path reaches, 1)}. Which clusters and labels are chosen is decided on the host from the current
 * scores; the chosen scores are gathered in the engine, so gradients reach the encoder, {@code W_C}, {@code W_L} and
 * (stage 2) the adjacency.
 */
final class EliasLoss {
    /** Probabilities are clipped here before their log (PyTorch's BCELoss clamps the log at -100 instead). */
    private static final float EPS = 1e-30f;

    private EliasLoss() {}

    /** What the batch's loss is made of, for the log. */
    record Parts(NDArray loss, int shortlistWidth, int positivesInShortlist, int positivesReached, int positives) {}

    /**
     * @param h embeddings after dropout, {@code (B, dim)}
     * @param positives per row, its positive labels
     * @param parents per label, its parent cluster (-1: none)
     */
    static Parts compute(NDManager m, EliasNetwork net, NDArray h, int[][] positives, int[] parents, int beam,
            int shortlistSize, float lambda, Random random) {
        ClusterAdjacency adj = net.adjacency();
        int n = positives.length;
        int c = adj.clusters();
        int width = adj.width();
        NDArray clusterScores = net.clusterScores(h);
        int[][] positiveParents = new int[n][];
        for (int i = 0; i < n; i++) {
            positiveParents[i] = Arrays.stream(positives[i]).map(l -> parents[l]).toArray();
        }
        int[][] beams = ClusterBeam.training(clusterScores.toFloatArray(), n, c, positiveParents, beam, beam + 5,
                random);
        int s = beams[0].length;
        long[] beamIdx = new long[n * s];
        long[] rowIdx = new long[n * s * width];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < s; b++) {
                beamIdx[i * s + b] = beams[i][b];
                Arrays.fill(rowIdx, (i * s + b) * width, (i * s + b + 1) * width, beams[i][b]);
            }
        }
        NDArray beamScores = clusterScores.gather(m.create(beamIdx, new Shape(n, s)), 1);
        NDArray edges = net.edgeWeights(m).gather(m.create(rowIdx, new Shape((long) n * s, width)), 0);
        NDArray paths = beamScores.reshape(n, s, 1).mul(edges.reshape(n, s, width)).reshape(n, (long) s * width);
        LabelShortlist sl = LabelShortlist.build(paths.toFloatArray(), beams, adj, shortlistSize, positives);

        int k = sl.width();
        long[] pos = new long[n * k];
        long[] lab = new long[n * k];
        float[] mask = new float[n * k];
        float[] target = new float[n * k];
        int inShortlist = 0;
        for (int i = 0; i < n; i++) {
            int[] sortedPositives = positives[i].clone();
            Arrays.sort(sortedPositives);
            for (int r = 0; r < k; r++) {
                int l = sl.label()[i][r];
                pos[i * k + r] = sl.position()[i][r];
                if (l >= 0) {
                    lab[i * k + r] = l;
                    mask[i * k + r] = 1f;
                    if (Arrays.binarySearch(sortedPositives, l) >= 0) {
                        target[i * k + r] = 1f;
                        inShortlist++;
                    }
                }
            }
        }
        NDArray pathK = paths.gather(m.create(pos, new Shape(n, k)), 1).mul(m.create(mask, new Shape(n, k)));
        NDArray logitK = net.labelLogits(h).gather(m.create(lab, new Shape(n, k)), 1);
        NDArray fin = Activation.sigmoid(logitK).mul(pathK);
        NDArray classification = bce(fin, m.create(target, new Shape(n, k))).mean();

        // Shortlist loss: the best path of each positive that some path reaches, pushed towards 1; averaged, as the
        // released code does, over rows x the batch's largest positive count (absent positives count as 0 loss).
        int widest = Math.max(1, Arrays.stream(positives).mapToInt(p -> p.length).max().orElse(1));
        long[] pp = new long[n * widest];
        float[] ppMask = new float[n * widest];
        int reached = 0;
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += positives[i].length;
            int[] found = sl.positivePosition()[i];
            reached += found.length;
            for (int j = 0; j < found.length; j++) {
                pp[i * widest + j] = found[j];
                ppMask[i * widest + j] = 1f;
            }
        }
        NDArray ppMaskArr = m.create(ppMask, new Shape(n, widest));
        NDArray positivePaths = paths.gather(m.create(pp, new Shape(n, widest)), 1);
        NDArray shortlistLoss = EngineScalars.div(
                positivePaths.clip(EPS, 1f).log().mul(ppMaskArr).sum().neg(), (float) n * widest);
        NDArray loss = classification.add(EngineScalars.mul(shortlistLoss, lambda));
        return new Parts(loss, k, inShortlist, reached, total);
    }

    /** Element-wise binary cross-entropy of probabilities {@code p} against targets {@code y}. */
    static NDArray bce(NDArray p, NDArray y) {
        NDArray logP = p.clip(EPS, 1f).log();
        NDArray logNotP = EngineScalars.add(p.neg(), 1f).clip(EPS, 1f).log();
        NDArray notY = EngineScalars.add(y.neg(), 1f);
        return y.mul(logP).add(notY.mul(logNotP)).neg();
    }
}
