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

    /** Mined clusters smaller than a batch are packed: every batch but the last has exactly the size asked for. */
    @Test
    void clusteredBatchesHaveTheBatchSizeAskedFor() {
        int n = 300;
        int dim = 8;
        float[] x = new float[n * dim];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        // Unpacked, clusters of at most 64 hold 32-64 queries (the old batches); packed, 64 each.
        List<int[]> clusters = BalancedClusters.cluster(x, n, dim, 8, 8, 1);
        List<int[]> batches = BatchPlan.packClusters(clusters, 64, 2);
        assertEquals(5, batches.size());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < batches.size(); i++) {
            assertEquals(i < 4 ? 64 : 300 - 256, batches.get(i).length);
            for (int q : batches.get(i)) {
                assertTrue(seen.add(q));
            }
        }
        assertEquals(n, seen.size());
    }

    @Test
    void falseNegativesAreOwnLabelsAndIdenticalTexts() {
        // Query 0 "alpha" is label 0 (a filter pair); label 1 "Alpha " has its text; labels 2 and 3 share "beta".
        CsrBuilder f = new CsrBuilder(4, 2, 1);
        f.add(0, 1f);
        f.endRow();
        f.endRow();
        FalseNegatives fn = FalseNegatives.of(f.build(), List.of("alpha", "gamma"),
                List.of("libalpha", "Alpha ", "beta", "beta"));
        assertTrue(fn.test(0, 2, 0), "the query's own label");
        assertTrue(fn.test(0, 2, 1), "a label with the query's text, up to case and spaces");
        assertTrue(fn.test(1, 2, 3), "a label with the positive's text");
        assertTrue(!fn.test(1, 2, 0) && !fn.test(1, 0, 2) && !fn.test(0, 1, 2), "a real negative");

        // In a batch: queries 0 and 1 with positives 2 and 0; label 0 is query 0's own label.
        CsrBuilder y = new CsrBuilder(4, 2, 1);
        y.add(2, 1f);
        y.endRow();
        y.add(0, 1f);
        y.endRow();
        BatchPlan plan = new BatchPlan(List.<int[]>of(new int[] {0, 1}), y.build(), 3, fn, null);
        BatchPlan.Batch b = plan.batch(0);
        int i = b.queries()[0] == 0 ? 0 : 1;
        assertTrue(b.falseNegative()[i * 2 + (1 - i)] && !b.alsoPositive()[i * 2 + (1 - i)]);
        assertTrue(!b.falseNegative()[(1 - i) * 2 + i], "label 2 is a real negative of query 1");
        assertTrue(b.notNegative()[i * 2 + (1 - i)] && !b.notNegative()[(1 - i) * 2 + i]);
        BatchPlan.Batch unmasked = new BatchPlan(List.<int[]>of(new int[] {0, 1}), y.build(), 3).batch(0);
        assertTrue(!unmasked.notNegative()[i * 2 + (1 - i)], "without the masks only label ids count");
    }
}
