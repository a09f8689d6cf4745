package org.xmcbench.methods.elias;

import java.util.Arrays;
import org.xmcbench.core.data.FloatOrder;

/**
 * The labels a query's visited clusters lead to. Each (cluster, slot) pair is a path with score
 * {@code ŝ_c · ŝ_{c,l}}; a label reached by several paths keeps its best one; the {@code k} labels with the best
 * paths form the shortlist that the label classifiers score. Paths are addressed by their position
 * {@code beamIndex * width + slot} in the row's flattened path scores, so that the engine can gather the
 * differentiable scores the host chose.
 *
 * @param position per row and rank, the chosen path's position (0 on padding)
 * @param label per row and rank, the label (-1 on padding: fewer than k labels reached)
 * @param positivePosition per row, the best path's position of each positive label that some path reaches
 */
record LabelShortlist(int[][] position, int[][] label, int[][] positivePosition) {

    /**
     * @param pathScores row-major {@code n x (beam width * adjacency width)}
     * @param beams the clusters each row visits (all rows the same count)
     * @param positives per row, its positive labels (null at inference)
     */
    static LabelShortlist build(float[] pathScores, int[][] beams, ClusterAdjacency a, int k, int[][] positives) {
        int n = beams.length;
        int width = a.width();
        int paths = beams[0].length * width;
        float[] best = new float[a.labels()];
        int[] bestPos = new int[a.labels()];
        Arrays.fill(bestPos, -1);
        int[][] pos = new int[n][];
        int[][] lab = new int[n][];
        int[][] posPositive = new int[n][];
        int[] touched = new int[paths];
        int kk = 0;
        int[][] rowLabels = new int[n][];
        int[][] rowPositions = new int[n][];
        for (int i = 0; i < n; i++) {
            int count = 0;
            int base = i * paths;
            for (int b = 0; b < beams[i].length; b++) {
                int c = beams[i][b];
                for (int s = 0; s < width; s++) {
                    int l = a.label(c, s);
                    if (l == ClusterAdjacency.PAD) {
                        continue;
                    }
                    int p = b * width + s;
                    float v = pathScores[base + p];
                    if (bestPos[l] < 0) {
                        touched[count++] = l;
                        bestPos[l] = p;
                        best[l] = v;
                    } else if (v > best[l]) {
                        bestPos[l] = p;
                        best[l] = v;
                    }
                }
            }
            // Best path first, ties to the lower label id: one primitive sort of packed keys, not a boxed comparator
            // over up to 20,000 reached labels.
            long[] keys = new long[count];
            for (int j = 0; j < count; j++) {
                keys[j] = rankKey(best[touched[j]], touched[j]);
            }
            Arrays.sort(keys);
            int take = Math.min(k, count);
            rowLabels[i] = new int[take];
            rowPositions[i] = new int[take];
            for (int r = 0; r < take; r++) {
                int l = labelOf(keys[count - 1 - r]);
                rowLabels[i][r] = l;
                rowPositions[i][r] = bestPos[l];
            }
            kk = Math.max(kk, take);
            if (positives != null) {
                int[] pp = new int[positives[i].length];
                int m = 0;
                for (int l : positives[i]) {
                    if (l >= 0 && l < bestPos.length && bestPos[l] >= 0) {
                        pp[m++] = bestPos[l];
                    }
                }
                posPositive[i] = Arrays.copyOf(pp, m);
            }
            for (int j = 0; j < count; j++) {
                bestPos[touched[j]] = -1;
            }
        }
        for (int i = 0; i < n; i++) {
            pos[i] = Arrays.copyOf(rowPositions[i], kk);
            lab[i] = Arrays.copyOf(rowLabels[i], kk);
            Arrays.fill(lab[i], rowLabels[i].length, kk, -1);
        }
        return new LabelShortlist(pos, lab, positives == null ? null : posPositive);
    }

    /**
     * A key whose ascending order is (score ascending, label descending): the score's {@link FloatOrder} in the
     * high half, the complement of the label in the low.
     */
    static long rankKey(float score, int label) {
        return ((long) FloatOrder.ascending(score) << 32) | (0xFFFFFFFFL - label);
    }

    static int labelOf(long key) {
        return (int) (0xFFFFFFFFL - (key & 0xFFFFFFFFL));
    }

    /** The score a {@link #rankKey} was made from. */
    static float scoreOf(long key) {
        return FloatOrder.fromAscending((int) (key >> 32));
    }

    int rows() {
        return label.length;
    }

    /** Shortlist length of every row (padded). */
    int width() {
        return label.length == 0 ? 0 : label[0].length;
    }
}
