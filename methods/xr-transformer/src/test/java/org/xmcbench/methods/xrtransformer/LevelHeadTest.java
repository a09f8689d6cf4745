package org.xmcbench.methods.xrtransformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A level head's top clusters, scored in row blocks on the engine, against every score computed in doubles and
 * sorted (higher score first, lower cluster on ties); and the shapes of the paper's datasets, where one
 * {@code n x clusters} score array cannot exist, still served.
 */
class LevelHeadTest {
    private static float[][] randomRows(Random r, int clusters, int dim) {
        float[][] rows = new float[clusters][dim + 1];
        for (float[] row : rows) {
            for (int j = 0; j <= dim; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return rows;
    }

    /** The reference: every score in doubles, then a full sort. */
    private static int[] bruteTop(float[][] rows, float[] emb, int i, int dim, int k) {
        double[] s = new double[rows.length];
        for (int c = 0; c < rows.length; c++) {
            double v = rows[c][dim];
            for (int j = 0; j < dim; j++) {
                v += (double) emb[i * dim + j] * rows[c][j];
            }
            s[c] = v;
        }
        return IntStream.range(0, rows.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(c -> -s[c]).thenComparingInt(c -> c))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void topClustersEqualTheBruteForceRanking() {
        Random r = new Random(7);
        int clusters = 300;
        int dim = 16;
        int n = 1_000;
        float[][] rows = randomRows(r, clusters, dim);
        float[] emb = new float[n * dim];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager(); LevelHead head = new LevelHead(m, rows, dim)) {
            int[][] top = head.topClusters(emb, n, 5, 64); // 16 blocks, the last one short
            assertArrayEquals(top, head.topClusters(emb, n, 5), "the same in one block");
            for (int i = 0; i < n; i += 97) {
                assertArrayEquals(bruteTop(rows, emb, i, dim, 5), top[i], "row " + i);
            }
            assertArrayEquals(bruteTop(rows, emb, n - 1, dim, 5), top[n - 1], "last row, last block");
            // More asked than there are clusters: every cluster, ranked.
            assertArrayEquals(bruteTop(rows, emb, 3, dim, clusters), head.topClusters(emb, 4, 1000)[3]);
        }
    }

    @Test
    void probeScoresAreTheProductOnTheEngine() {
        Random r = new Random(9);
        int clusters = 70;
        int dim = 24;
        int n = 33;
        float[][] rows = randomRows(r, clusters, dim);
        float[] emb = new float[n * dim + 5]; // longer than n x dim: the rest is ignored
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager(); LevelHead head = new LevelHead(m, rows, dim)) {
            float[] s = head.scores(emb, n);
            assertEquals((long) n * clusters, s.length);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < clusters; c++) {
                    double v = rows[c][dim];
                    for (int j = 0; j < dim; j++) {
                        v += (double) emb[i * dim + j] * rows[c][j];
                    }
                    assertEquals(v, s[i * clusters + c], 1e-4, "instance " + i + ", cluster " + c);
                }
            }
        }
    }

    @Test
    void tiesGoToTheLowerCluster() {
        float[][] rows = {{1, 0}, {2, 0}, {1, 0}, {2, 0}}; // clusters 1 and 3 tie above 0 and 2
        try (NDManager m = NDManager.newBaseManager(); LevelHead head = new LevelHead(m, rows, 1)) {
            assertArrayEquals(new int[] {1, 3, 0}, head.topClusters(new float[] {1f}, 1, 3)[0]);
        }
    }

    @Test
    void scoresBeyondOneArrayAreRefusedBeforeAllocating() {
        // 65,600 instances x 32,768 clusters = 2.15e9 scores (> 2^31): the shape of a paper dataset's deep level.
        // The full product is refused at once with a clear error (it used to overflow an int and fail inside the
        // allocation); topClusters serves that shape in row blocks (its ranking is checked above across blocks).
        int clusters = 32_768;
        int n = 65_600;
        float[][] rows = new float[clusters][2];
        float[] emb = new float[n];
        try (NDManager m = NDManager.newBaseManager(); LevelHead head = new LevelHead(m, rows, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> head.scores(emb, n));
            assertTrue(e.getMessage().contains("2149580800 floats: more than one array holds"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> head.topClusters(new float[3], 4, 1),
                    "fewer embedding values than n x dim");
        }
    }

    @Test
    void aWiki500kLevelIsRankedInBlocksOfBoundedSize() {
        // Wiki-500K's 4,096-cluster level over a 640K-instance pool: 2.6e9 scores, 10.5 GB as one float array. Each
        // block holds at most BLOCK_FLOATS in its scores, queries and top-k. (Ranking the
        // whole shape took 110 s on the 2-core machine; the ranking across blocks is checked above.)
        int n = 640_000;
        int[][] shapes = {{4_096, 768, 100}, {32_768, 768, 100}, {16, 768, 100}, {2, 1, 1}};
        for (int[] shape : shapes) {
            int clusters = shape[0];
            int dim = shape[1];
            int k = shape[2];
            long rows = LevelHead.rowBlock(n, clusters, dim, k);
            String what = clusters + " clusters, " + dim + "-d, top " + k + ": " + rows + " instances per block";
            assertTrue(rows >= 1 && rows <= n, what);
            assertTrue(rows * clusters <= LevelHead.BLOCK_FLOATS, what + ": scores");
            assertTrue(rows * (dim + 1) <= LevelHead.BLOCK_FLOATS && rows * k <= LevelHead.BLOCK_FLOATS, what);
        }
        assertTrue((long) n * 4_096 > Integer.MAX_VALUE, "the shape is past one array");
        assertEquals(4_096, LevelHead.rowBlock(n, 4_096, 768, 100), "4,096 instances per block at Wiki-500K");
        assertEquals(n, LevelHead.rowBlock(n, 2, 1, 1), "a small level in one block");
    }
}
