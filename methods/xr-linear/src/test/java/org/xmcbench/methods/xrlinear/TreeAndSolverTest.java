package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;

class TreeAndSolverTest {
    @Test
    void chainFollowsPecosFromPartialChain() {
        // 36905 labels, max leaf 100: binary depth 9 -> 512 leaves -> 32 -> 2 (<= 16) -> root.
        assertEquals(9, BalancedKMeansTree.depthFor(36905, 100));
        assertEquals(3, BalancedKMeansTree.depthFor(581, 100));
        int[] codes = new int[36905];
        for (int l = 0; l < codes.length; l++) {
            codes[l] = l % 512;
        }
        ClusterChain c = ClusterChain.build(codes, 512, 16, 16);
        assertArrayEquals(new int[] {2, 32, 512, 36905}, c.sizes);
        assertEquals(1, c.parent[1][31]);
        assertEquals(31, c.parent[2][511]);
    }

    @Test
    void balancedSplitsAndDeterminism() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        org.xmcbench.core.data.CsrBuilder b = new org.xmcbench.core.data.CsrBuilder(50, 400, 4000);
        for (int i = 0; i < 400; i++) {
            for (int f : r.ints(5, 0, 50).distinct().sorted().toArray()) {
                b.add(f, (float) r.nextDouble());
            }
            b.endRow();
        }
        CsrMatrix z = b.build();
        int[] a = BalancedKMeansTree.leafCodes(z, 3, 20, 7);
        int[] again = BalancedKMeansTree.leafCodes(z, 3, 20, 7);
        assertArrayEquals(a, again, "deterministic for a seed");
        int[] count = new int[8];
        for (int code : a) {
            count[code]++;
        }
        for (int n : count) {
            assertEquals(50, n, "balanced: 400 labels in 8 leaves of 50");
        }
    }

    private static double[] ones(int n) {
        double[] c = new double[n];
        java.util.Arrays.fill(c, 1);
        return c;
    }

    @Test
    void solverSeparatesASeparableProblem() {
        // Feature 0 marks the positives; feature 1 is noise on everyone.
        org.xmcbench.core.data.CsrBuilder b = new org.xmcbench.core.data.CsrBuilder(2, 100, 200);
        byte[] y = new byte[100];
        int[] rows = new int[100];
        for (int i = 0; i < 100; i++) {
            rows[i] = i;
            y[i] = (byte) (i % 3 == 0 ? 1 : -1);
            if (y[i] > 0) {
                b.add(0, 1f);
            }
            b.add(1, 0.5f);
            b.endRow();
        }
        int[] localOf = {-1, -1};
        ParentRows all = ParentRows.of(b.build(), rows, localOf);
        assertArrayEquals(new int[] {-1, -1}, localOf, "scratch restored");
        SparseVector w = new DualCdSolver(2).train(all, y, ones(100), 1, 1, 0.001, 1000, 1, 0.0, 1);
        float[] pos = {1f, 0.5f};
        float[] neg = {0f, 0.5f};
        assertTrue(w.dot(pos) > 0.9 && w.dot(neg) < -0.9, "margins: " + w.dot(pos) + " / " + w.dot(neg));
    }

    @Test
    void usedFeaturesAreTheSameWhetherSortedOrMarked() {
        // 30 rows of 3 entries over 60 features: a node of 10 rows sorts its 30 entries; the whole set's 90 entries
        // (>= 60 features) are marked in a mask. Both must give the sorted distinct features.
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        org.xmcbench.core.data.CsrBuilder b = new org.xmcbench.core.data.CsrBuilder(60, 30, 90);
        for (int i = 0; i < 30; i++) {
            for (int f : r.ints(3, 0, 60).distinct().sorted().toArray()) {
                b.add(f, 1f);
            }
            b.endRow();
        }
        CsrMatrix z = b.build();
        int[] el = java.util.stream.IntStream.range(0, 30).map(i -> 29 - i).toArray();
        for (int[] range : new int[][] {{0, 10}, {0, 30}}) {
            java.util.TreeSet<Integer> expected = new java.util.TreeSet<>();
            for (int i = range[0]; i < range[1]; i++) {
                for (long p = z.rowStart(el[i]); p < z.rowEnd(el[i]); p++) {
                    expected.add(z.index(p));
                }
            }
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(),
                    BalancedKMeansTree.usedFeatures(z, el, range[0], range[1]), "rows " + range[0] + ".." + range[1]);
        }
    }
}
