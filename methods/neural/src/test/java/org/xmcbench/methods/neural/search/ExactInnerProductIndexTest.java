package org.xmcbench.methods.neural.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.TopK;

/**
 * The exact index must be exactly a brute-force scan: same labels, same order (ties by lower id), bit-identical
 * scores for the Java backend, whatever the block size and thread count; the PyTorch backend must agree up to
 * float rounding and resolve ties the same way.
 */
class ExactInnerProductIndexTest {

    /** Naive reference: sequential dot products, full sort by (score desc, id asc), padded. */
    static TopK bruteForce(float[] labels, int numLabels, float[] queries, int numQueries, int dim, int k) {
        TopK out = new TopK(numQueries, k);
        for (int q = 0; q < numQueries; q++) {
            float[] s = new float[numLabels];
            Integer[] ids = new Integer[numLabels];
            for (int l = 0; l < numLabels; l++) {
                float acc = 0f;
                for (int j = 0; j < dim; j++) {
                    acc += queries[q * dim + j] * labels[l * dim + j];
                }
                s[l] = acc;
                ids[l] = l;
            }
            Arrays.sort(ids, Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
            for (int r = 0; r < Math.min(k, numLabels); r++) {
                out.set(q, r, ids[r], s[ids[r]]);
            }
        }
        return out;
    }

    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Small integers: products and sums are exact in float, and many scores tie. */
    static float[] smallInts(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(3) - 1;
        }
        return a;
    }

    static void assertSame(TopK expected, TopK actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what);
        assertEquals(expected.k(), actual.k(), what);
        for (int r = 0; r < expected.rows(); r++) {
            for (int i = 0; i < expected.k(); i++) {
                assertEquals(expected.label(r, i), actual.label(r, i), what + " row " + r + " rank " + i);
                assertEquals(expected.score(r, i), actual.score(r, i), 0f, what + " row " + r + " rank " + i);
            }
        }
    }

    @Test
    void equalsBruteForceOnRandomData() {
        int numLabels = 1234;
        int dim = 37;
        int nq = 71;
        float[] labels = gaussian(numLabels * dim, 1);
        float[] queries = gaussian(nq * dim, 2);
        TopK expected = bruteForce(labels, numLabels, queries, nq, dim, 10);
        try (ExactInnerProductIndex idx = new ExactInnerProductIndex(labels, numLabels, dim, 0, 2, ExactBackend.JAVA)) {
            assertSame(expected, idx.search(queries, nq, 10), "java");
        }
    }

    @Test
    void tiesGoToLowerIdsAndKBeyondLabelsPads() {
        int numLabels = 300;
        int dim = 5;
        int nq = 9;
        float[] labels = smallInts(numLabels * dim, 3);
        float[] queries = smallInts(nq * dim, 4);
        for (int k : new int[] {1, 7, 50, 300, 310}) {
            TopK expected = bruteForce(labels, numLabels, queries, nq, dim, k);
            try (ExactInnerProductIndex idx =
                    new ExactInnerProductIndex(labels, numLabels, dim, 16, 2, ExactBackend.JAVA)) {
                TopK got = idx.search(queries, nq, k);
                assertSame(expected, got, "k=" + k);
                if (k > numLabels) {
                    assertEquals(numLabels, got.count(0));
                    assertEquals(TopK.PAD, got.label(0, numLabels));
                }
            }
        }
    }

    @Test
    void blockSizesAndThreadCountsGiveIdenticalOutput() {
        int numLabels = 2000;
        int dim = 24;
        int nq = 150; // not a multiple of the query chunk nor of the 4-query tile
        float[] labels = gaussian(numLabels * dim, 5);
        float[] queries = gaussian(nq * dim, 6);
        TopK reference;
        try (ExactInnerProductIndex idx = new ExactInnerProductIndex(labels, numLabels, dim, 0, 1, ExactBackend.JAVA)) {
            reference = idx.search(queries, nq, 20);
        }
        for (int block : new int[] {1, 7, 64, 333, 2000, 5000}) {
            for (int threads : new int[] {1, 2, 3}) {
                try (ExactInnerProductIndex idx =
                        new ExactInnerProductIndex(labels, numLabels, dim, block, threads, ExactBackend.JAVA)) {
                    assertSame(reference, idx.search(queries, nq, 20), "block " + block + " threads " + threads);
                    // One query at a time exercises the label-split path.
                    TopK one = idx.search(Arrays.copyOfRange(queries, 5 * dim, 6 * dim), 1, 20);
                    for (int i = 0; i < 20; i++) {
                        assertEquals(reference.label(5, i), one.label(0, i));
                    }
                }
            }
        }
    }

    @Test
    void pyTorchBackendAgreesAndBreaksTiesByLowerId() {
        int dim = 16;
        // Exact-in-float integer data: the engine's scores equal Java's, so the result must be identical.
        int numLabels = 20000; // more than one engine block
        float[] labels = smallInts(numLabels * dim, 7);
        float[] queries = smallInts(40 * dim, 8);
        try (ExactInnerProductIndex idx =
                new ExactInnerProductIndex(labels, numLabels, dim, 0, 2, ExactBackend.PYTORCH)) {
            assertSame(bruteForce(labels, numLabels, queries, 40, dim, 25), idx.search(queries, 40, 25), "ties");
        }
        // Real-valued data: same labels, scores within float rounding of a different summation order.
        float[] g = gaussian(3000 * dim, 9);
        float[] gq = gaussian(30 * dim, 10);
        TopK expected = bruteForce(g, 3000, gq, 30, dim, 10);
        try (ExactInnerProductIndex idx = new ExactInnerProductIndex(g, 3000, dim, 0, 2, ExactBackend.PYTORCH)) {
            TopK got = idx.search(gq, 30, 10);
            for (int r = 0; r < 30; r++) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(expected.label(r, i), got.label(r, i), "row " + r + " rank " + i);
                    assertEquals(expected.score(r, i), got.score(r, i), 1e-4f);
                }
            }
        }
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws Exception {
        int numLabels = 777;
        int dim = 12;
        float[] labels = gaussian(numLabels * dim, 11);
        float[] queries = gaussian(20 * dim, 12);
        TopK before;
        try (ExactInnerProductIndex idx = new ExactInnerProductIndex(labels, numLabels, dim, 100, 2, ExactBackend.JAVA)) {
            before = idx.search(queries, 20, 15);
            idx.save(dir);
        }
        try (LabelIndex loaded = LabelIndex.load(dir)) {
            assertTrue(loaded instanceof ExactInnerProductIndex);
            assertEquals(100, ((ExactInnerProductIndex) loaded).blockSize());
            assertEquals(ExactBackend.JAVA, ((ExactInnerProductIndex) loaded).backend());
            assertEquals(numLabels, loaded.numLabels());
            assertSame(before, loaded.search(queries, 20, 15), "reloaded");
        }
    }

    @Test
    void emptyInputs() {
        try (ExactInnerProductIndex idx = new ExactInnerProductIndex(new float[0], 0, 4, 0, 1, ExactBackend.JAVA)) {
            TopK t = idx.search(new float[8], 2, 3);
            assertEquals(0, t.count(0));
        }
        try (ExactInnerProductIndex idx = new ExactInnerProductIndex(gaussian(40, 1), 10, 4, 0, 1, ExactBackend.JAVA)) {
            assertEquals(0, idx.search(new float[0], 0, 3).rows());
            assertEquals(0, idx.search(new float[4], 1, 0).k());
        }
    }
}
