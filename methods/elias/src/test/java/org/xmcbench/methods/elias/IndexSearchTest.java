package org.xmcbench.methods.elias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;

/** The host-side pieces of ELIAS's search and training beams, on examples worked by hand. */
class IndexSearchTest {

    @Test
    void hardClusteringPutsEachLabelInItsClusterWithWeightOne() {
        ClusterAdjacency a = ClusterAdjacency.hard(new int[] {1, 0, 1, 1}, 2);
        assertEquals(3, a.width());
        assertEquals(1, a.label(0, 0));
        assertEquals(ClusterAdjacency.PAD, a.label(0, 1));
        assertArrayEquals(new int[] {0, 2, 3}, new int[] {a.label(1, 0), a.label(1, 1), a.label(1, 2)});
        assertArrayEquals(new int[] {1, 0, 1, 1}, a.parents(a.weights()));
        assertEquals(0, a.unreachableLabels());
    }

    @Test
    void approximateAdjacencyKeepsEachClustersLabelsOfHighestAffinity() {
        // Y: row 0 = {0, 1}, row 1 = {1}, row 2 = {2}. Top clusters: row 0 -> (0: 0.5, 1: 0.2), row 1 -> (0: 0.9),
        // row 2 -> (1: 0.4). C = Y^T M: label 0 -> c0 0.5, c1 0.2; label 1 -> c0 1.4, c1 0.2; label 2 -> c1 0.4.
        CsrMatrix y = CsrMatrix.of(3, 3, new long[] {0, 2, 3, 4}, new int[] {0, 1, 1, 2}, new float[] {1, 1, 1, 1});
        int[][] top = {{0, 1}, {0}, {1}};
        float[][] scores = {{0.5f, 0.2f}, {0.9f}, {0.4f}};
        ClusterAdjacency a = ClusterAdjacency.approximate(y, top, scores, 2, 2);
        assertEquals(2, a.width());
        assertArrayEquals(new int[] {1, 0}, new int[] {a.label(0, 0), a.label(0, 1)});
        assertEquals(1.4f, a.weights()[0], 1e-6);
        assertEquals(0.5f, a.weights()[1], 1e-6);
        // Cluster 1: label 2 (0.4) first, then labels 0 and 1 tie at 0.2: the lower id wins the last slot.
        assertArrayEquals(new int[] {2, 0}, new int[] {a.label(1, 0), a.label(1, 1)});
        // Parents by the heaviest edge: label 0 -> c0 (0.5 > 0.2), label 1 -> c0, label 2 -> c1.
        assertArrayEquals(new int[] {0, 0, 1}, a.parents(a.weights()));
    }

    @Test
    void topClustersAreTheBestScoresWithTiesToTheLowerId() {
        float[] s = {0.1f, 0.7f, 0.3f, 0.7f, 0.2f, /* row 2 */ 1f, 0f, 0f, 0f, 0.5f};
        int[][] top = ClusterBeam.top(s, 2, 5, 3);
        assertArrayEquals(new int[] {1, 3, 2}, top[0]);
        assertArrayEquals(new int[] {0, 4, 1}, top[1]);
    }

    @Test
    void trainingBeamsPutThePositivesParentsFirstAndReplaceDuplicates() {
        float[] s = {0.1f, 0.7f, 0.3f, 0.6f, 0.2f};
        // Positive parents 3 and 3 again: the duplicate and the top-2's own 3 are replaced by random clusters.
        int[][] beams = ClusterBeam.training(s, 1, 5, new int[][] {{3, 3}}, 2, 10, new Random(1));
        assertEquals(4, beams[0].length);
        assertEquals(3, beams[0][0]);
        assertEquals(1, beams[0][2]);
        assertTrue(Arrays.stream(beams[0]).allMatch(c -> c >= 0 && c < 5));
        // Longer than maxClusters: a draw without replacement keeps 3 of the 4 distinct-ish entries.
        int[][] drawn = ClusterBeam.training(s, 1, 5, new int[][] {{4, 0}}, 2, 3, new Random(2));
        assertEquals(3, drawn[0].length);
        assertEquals(3, Arrays.stream(drawn[0]).distinct().count());
        for (int c : drawn[0]) {
            assertTrue(c == 4 || c == 0 || c == 1 || c == 3, "drawn from the list: " + c);
        }
    }

    @Test
    void shortlistKeepsEachLabelsBestPathAndTheKBestLabels() {
        // Two clusters of width 2: c0 = {5, 7}, c1 = {7, 9}; the query visits c1 then c0.
        ClusterAdjacency a = new ClusterAdjacency(2, 10, 2, new int[] {5, 7, 7, 9}, new float[] {1, 1, 1, 1});
        int[][] beams = {{1, 0}};
        // Paths in (beam, slot) order: c1/7 = 0.2, c1/9 = 0.6, c0/5 = 0.3, c0/7 = 0.5.
        float[] paths = {0.2f, 0.6f, 0.3f, 0.5f};
        LabelShortlist sl = LabelShortlist.build(paths, beams, a, 2, new int[][] {{7, 5, 4}});
        assertArrayEquals(new int[] {9, 7}, sl.label()[0]);
        assertArrayEquals(new int[] {1, 3}, sl.position()[0], "label 7 keeps its better path, through c0");
        // Positives some path reaches: 7 (position 3) and 5 (position 2), even though 5 is not in the top 2.
        assertArrayEquals(new int[] {3, 2}, sl.positivePosition()[0]);
        LabelShortlist wide = LabelShortlist.build(paths, beams, a, 10, null);
        assertArrayEquals(new int[] {9, 7, 5}, wide.label()[0]);
    }

    @Test
    void shortlistRankKeysOrderAsScoreThenLowerLabel() {
        // The packed keys must sort exactly as Float.compare on the score, ties to the lower label id.
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, 0.5f};
        Random rnd = new Random(3);
        int n = 400;
        float[] score = new float[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            score[i] = i < special.length ? special[i] : (rnd.nextInt(5) == 0 ? 0.25f : (float) rnd.nextGaussian());
            label[i] = i < special.length ? i : rnd.nextInt(Integer.MAX_VALUE);
        }
        Integer[] expected = new Integer[n];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            expected[i] = i;
            keys[i] = LabelShortlist.rankKey(score[i], label[i]);
            assertEquals(label[i], LabelShortlist.labelOf(keys[i]));
            assertEquals(Float.floatToIntBits(score[i]), Float.floatToIntBits(LabelShortlist.scoreOf(keys[i])));
        }
        Arrays.sort(expected, (x, y) -> score[x] != score[y] || Float.compare(score[x], score[y]) != 0
                ? Float.compare(score[y], score[x]) : Integer.compare(label[x], label[y]));
        Arrays.sort(keys);
        for (int r = 0; r < n; r++) {
            assertEquals(label[expected[r]], LabelShortlist.labelOf(keys[n - 1 - r]), "rank " + r);
        }
    }

    @Test
    void hostSearchScoresShortlistedLabelsBySigmoidTimesPath() {
        // dim 1, 2 clusters, 3 labels. Query h = 1. Cluster logits 0 and ln 3: softmax (0.25, 0.75), alpha 2 ->
        // scores (0.5, 1). c0 = {0}, c1 = {1, 2} with edges 1, 0.5.
        ClusterAdjacency a = new ClusterAdjacency(2, 3, 2, new int[] {0, -1, 1, 2}, new float[] {1, 0, 1, 0.5f});
        HostWeights w = new HostWeights(1, 2f, new float[] {0f, (float) Math.log(3)}, new float[] {0f, 0f},
                new float[] {0f, 0f, 0f}, new float[] {0f, 2f, 10f}, a.weights(), a);
        var top = w.search(new float[] {1f}, 1, 2, 10, 3);
        // Finals: label 0: sig(0) * 0.5 = 0.25; label 1: sig(2) * 1 = 0.881; label 2: sig(10) * 0.5 = 0.49998.
        assertEquals(1, top.label(0, 0));
        assertEquals(2, top.label(0, 1));
        assertEquals(0, top.label(0, 2));
        assertEquals(1 / (1 + Math.exp(-2)), top.score(0, 0), 1e-6);
        assertEquals(0.25, top.score(0, 2), 1e-6);
        // A beam of one cluster reaches only c1's labels.
        var narrow = w.search(new float[] {1f}, 1, 1, 10, 3);
        assertEquals(2, narrow.count(0));
    }
}
