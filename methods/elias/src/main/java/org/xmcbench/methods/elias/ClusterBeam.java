package org.xmcbench.methods.elias;

import java.util.Arrays;
import java.util.Random;

/**
 * Which clusters a query visits. At inference: its {@code beam} highest-scoring clusters. In training (ELIAS's
 * {@code get_cluster_shortlist}): the parents of its positive labels first (teacher forcing), then its top
 * {@code beam}; a cluster already listed is replaced by a random one; when the list is longer than
 * {@code maxClusters} (ELIAS: beam + 5), that many are drawn without replacement with probability proportional to
 * their scores. Every row of a batch gets the same number of clusters.
 */
final class ClusterBeam {
    private ClusterBeam() {}

    /** Row-major {@code n x clusters} scores: per row the {@code beam} best clusters, best first (ties: lower id). */
    static int[][] top(float[] scores, int n, int clusters, int beam) {
        int b = Math.min(beam, clusters);
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = topOfRow(scores, i * clusters, clusters, b);
        }
        return out;
    }

    private static int[] topOfRow(float[] scores, int base, int clusters, int b) {
        // A bounded selection: keep the b best seen so far, sorted, insertion from the end.
        int[] best = new int[b];
        int size = 0;
        for (int c = 0; c < clusters; c++) {
            float s = scores[base + c];
            if (size == b && !(s > scores[base + best[b - 1]])) {
                continue;
            }
            int pos = size < b ? size++ : b - 1;
            while (pos > 0 && s > scores[base + best[pos - 1]]) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = c;
        }
        return best;
    }

    /**
     * Training beams.
     *
     * @param positiveParents per row, the parent cluster of each positive label (-1: a label no cluster reaches)
     */
    static int[][] training(float[] scores, int n, int clusters, int[][] positiveParents, int beam, int maxClusters,
            Random random) {
        int b = Math.min(beam, clusters);
        int widest = 0;
        for (int[] p : positiveParents) {
            widest = Math.max(widest, p.length);
        }
        int width = widest + b;
        int keep = Math.min(width, maxClusters);
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int base = i * clusters;
            int[] list = new int[width];
            Arrays.fill(list, -1);
            System.arraycopy(positiveParents[i], 0, list, 0, positiveParents[i].length);
            System.arraycopy(topOfRow(scores, base, clusters, b), 0, list, widest, b);
            boolean[] seen = new boolean[clusters];
            for (int j = 0; j < width; j++) {
                if (list[j] < 0 || seen[list[j]]) {
                    list[j] = random.nextInt(clusters);
                }
                seen[list[j]] = true;
            }
            out[i] = keep == width ? list : sample(list, scores, base, keep, random);
        }
        return out;
    }

    /** {@code keep} entries of {@code list} drawn without replacement, each with probability ∝ its score. */
    private static int[] sample(int[] list, float[] scores, int base, int keep, Random random) {
        double[] w = new double[list.length];
        double total = 0;
        for (int j = 0; j < list.length; j++) {
            w[j] = Math.max(0, scores[base + list[j]]);
            total += w[j];
        }
        int[] out = new int[keep];
        for (int k = 0; k < keep; k++) {
            int pick = -1;
            if (total > 0) {
                double u = random.nextDouble() * total;
                for (int j = 0; j < list.length; j++) {
                    if (w[j] > 0) {
                        u -= w[j];
                        pick = j;
                        if (u < 0) {
                            break;
                        }
                    }
                }
            }
            if (pick < 0) { // every remaining weight is 0: take the first not yet drawn
                for (int j = 0; j < list.length; j++) {
                    if (w[j] >= 0) {
                        pick = j;
                        break;
                    }
                }
            }
            out[k] = list[pick];
            total -= Math.max(0, w[pick]);
            w[pick] = -1; // drawn
        }
        return out;
    }
}
