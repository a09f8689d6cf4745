package org.xmcbench.methods.neural.dualencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

class BatchingTest {
    /** Two tight, far-apart groups of unit vectors: every cluster must come from one group. */
    @Test
    void balancedClustersRespectSizeAndSeparateGroups() {
        int n = 200;
        int dim = 8;
        float[] x = new float[n * dim];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            int axis = i % 2 == 0 ? 0 : 1;
            for (int k = 0; k < dim; k++) {
                x[i * dim + k] = (k == axis ? 1f : 0f) + 0.05f * (float) r.nextGaussian();
            }
        }
        List<int[]> clusters = BalancedClusters.cluster(x, n, dim, 25, 8, 7);
        Set<Integer> seen = new HashSet<>();
        for (int[] c : clusters) {
            assertTrue(c.length <= 25 && c.length >= 12, "size " + c.length);
            int parity = c[0] % 2;
            for (int id : c) {
                assertEquals(parity, id % 2, "cluster mixes the two groups");
                assertTrue(seen.add(id));
            }
        }
        assertEquals(n, seen.size());
        assertEquals(clusters.size(), BalancedClusters.cluster(x, n, dim, 25, 8, 7).size());
    }

    @Test
    void batchesAreAFunctionOfTheStepAndMaskSharedPositives() {
        // Query q has labels {q % 5, 5 + q % 3}: label overlaps between queries are frequent.
        int n = 40;
        CsrBuilder b = new CsrBuilder(10, n, 2);
        for (int q = 0; q < n; q++) {
            b.add(q % 5, 1f);
            b.add(5 + q % 3, 1f);
            b.endRow();
        }
        CsrMatrix y = b.build();
        List<int[]> groups = BatchPlan.randomGroups(n, 8, 1);
        BatchPlan p1 = new BatchPlan(groups, y, 9);
        BatchPlan p2 = new BatchPlan(groups, y, 9);
        for (int step : new int[] {0, 3, 7, 12, 5}) {
            BatchPlan.Batch a = p1.batch(step);
            BatchPlan.Batch c = p2.batch(step);
            assertArrayEquals(a.queries(), c.queries());
            assertArrayEquals(a.positives(), c.positives());
            int m = a.queries().length;
            for (int i = 0; i < m; i++) {
                int qi = a.queries()[i];
                int pi = a.positives()[i];
                assertTrue(pi == qi % 5 || pi == 5 + qi % 3, "positive of its query");
                for (int j = 0; j < m; j++) {
                    int pj = a.positives()[j];
                    boolean shared = i != j && (pj == qi % 5 || pj == 5 + qi % 3);
                    assertEquals(shared, a.alsoPositive()[i * m + j]);
                }
            }
        }
        // An epoch visits every group once.
        Set<Integer> visited = new HashSet<>();
        for (int step = 0; step < p1.batchesPerEpoch(); step++) {
            for (int q : p1.batch(step).queries()) {
                assertTrue(visited.add(q));
            }
        }
        assertEquals(n, visited.size());
    }
}
