package org.xmcbench.methods.prime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

class PrototypePartsTest {

    @Test
    void centroidsAreTheNormalisedMeanOfPositiveQueries() {
        CsrBuilder b = new CsrBuilder(3, 3, 4);
        b.add(0, 1f);
        b.endRow();
        b.add(0, 1f);
        b.add(1, 1f);
        b.endRow();
        b.add(1, 1f);
        b.endRow();
        CsrMatrix y = b.build();
        float[] q = {1, 0, 0, 1, 3, 4};
        float[] c = Centroids.meanOfPositives(q, y, 3, 2, null);
        // label 0: (1,0) + (0,1); label 1: (0,1) + (3,4); label 2: no query, zero
        assertArrayEquals(new float[] {(float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(2)),
                (float) (3 / Math.sqrt(34)), (float) (5 / Math.sqrt(34)), 0, 0},
                c, 1e-6f);
        float[] text = {9, 9, 9, 9, 0.6f, 0.8f};
        float[] withText = Centroids.meanOfPositives(q, y, 3, 2, text);
        assertArrayEquals(new float[] {c[0], c[1], c[2], c[3], 0.6f, 0.8f}, withText, 1e-6f,
                "only a label without training queries takes its text embedding");
    }

    @Test
    void freeVectorsAreSharedByBalancedGroupsOfSimilarLabels() {
        int n = 64;
        int dim = 4;
        float[] x = new float[n * dim];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            x[i * dim + (i % 4)] = 1; // four directions, 16 labels each
            x[i * dim + ((i + 1) % 4)] = 0.01f * r.nextFloat();
        }
        FreeVectorMapping m = FreeVectorMapping.of(x, n, dim, 0, 7);
        assertEquals(32, m.numVectors(), "the released ratio: a power of two, half the labels");
        int[] count = new int[m.numVectors()];
        for (int l = 0; l < n; l++) {
            count[m.vectorOf()[l]]++;
        }
        for (int c : count) {
            assertEquals(2, c);
        }
        for (int l = 0; l < n; l++) {
            for (int o = 0; o < n; o++) {
                if (o != l && m.vectorOf()[o] == m.vectorOf()[l]) {
                    assertEquals(l % 4, o % 4, "labels sharing a vector point the same way");
                }
            }
        }
        assertEquals(n, FreeVectorMapping.of(x, n, dim, 1000, 7).numVectors(), "more vectors than labels: one each");
    }

    @Test
    void clusterSizeFollowsTheScheduleAndPackingKeepsClustersWhole() {
        ClusterSchedule s = new ClusterSchedule(4, new int[] {10, 25}, 5, 0);
        assertEquals(4, s.clusterSize(9, 64));
        assertEquals(8, s.clusterSize(10, 64));
        assertEquals(16, s.clusterSize(30, 64));
        assertEquals(8, s.clusterSize(30, 8), "never above the batch");
        assertTrue(s.refreshesAt(0, 64) && s.refreshesAt(5, 64) && s.refreshesAt(25, 64));
        assertTrue(!s.refreshesAt(7, 64) && !s.refreshesAt(11, 64));
        List<int[]> clusters = List.of(new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}, new int[] {8, 9, 10, 11},
                new int[] {12, 13, 14, 15});
        List<int[]> batches = org.xmcbench.methods.neural.dualencoder.BatchPlan.packClusters(clusters, 8, 3);
        assertEquals(2, batches.size());
        Set<Integer> seen = new HashSet<>();
        for (int[] batch : batches) {
            for (int i = 0; i < batch.length; i += 4) {
                assertEquals(batch[i] / 4, batch[i + 3] / 4, "a cluster stays in one batch");
            }
            for (int q : batch) {
                seen.add(q);
            }
        }
        assertEquals(16, seen.size());
        assertEquals("random for 0 epochs, then clusters 4 doubling at [10, 25] refresh every 5", s.toString(),
                "stable in fingerprints");
        ClusterSchedule warm = new ClusterSchedule(4, new int[] {10, 25}, 5, 10);
        assertTrue(warm.randomAt(0) && warm.randomAt(9) && !warm.randomAt(10));
        assertTrue(warm.refreshesAt(3, 64) && warm.refreshesAt(10, 64) && !warm.refreshesAt(11, 64),
                "new random batches every random epoch; the first clustering comes at random_epochs");
    }

    @Test
    void emaMovesCentroidsTowardsQueriesTheReleasedUpdateDoesNot() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            PrototypeNetwork lpn = new PrototypeNetwork(2, 1, 8, 0f, new int[] {0, 0}, 1);
            lpn.initialize(m, DataType.FLOAT32, new Shape(1, 2), new Shape(1));
            lpn.setCentroids(new float[] {1, 0, 0, 1});
            lpn.updateCentroids(new int[] {0}, new float[] {0, 1}, 0.95f, true);
            assertArrayEquals(new float[] {1, 0, 0, 1}, lpn.centroids(), 1e-6f);
            lpn.updateCentroids(new int[] {0}, new float[] {0, 1}, 0.95f, false);
            double n = Math.hypot(0.95, 0.05);
            assertArrayEquals(new float[] {(float) (0.95 / n), (float) (0.05 / n), 0, 1}, lpn.centroids(), 1e-6f);
        }
    }
}
