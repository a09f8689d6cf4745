package org.xmcbench.methods.neural.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.TopK;

/**
 * HNSW must find most of the exact top-10 on embedding-like data, report exact inner products in the exact index's
 * order, and survive a save/load unchanged.
 */
class HnswLabelIndexTest {
    static final int LABELS = 20_000;
    static final int DIM = 64;
    static final int QUERIES = 300;

    /**
     * Observed recall@10 on this data with the small, fast-to-build graph below (m 8, efConstruction 32, ef 64):
     * 0.984 to 0.993 over four builds (0.975 to 0.989 at ef 40, 0.93 at ef 20); asserted with margin for the
     * randomness of the build.
     */
    static final double MIN_RECALL_AT_10 = 0.95;

    @Test
    void recallAgainstExactAndSaveLoad(@TempDir Path dir) throws Exception {
        float[] labels = ClusteredVectors.generate(LABELS, DIM, 200, 0.6f, 21);
        float[] queries = ClusteredVectors.generate(QUERIES, DIM, 200, 0.6f, 21, 22);
        TopK exact;
        try (ExactInnerProductIndex ex = new ExactInnerProductIndex(labels, LABELS, DIM, 0, 0, ExactBackend.JAVA)) {
            exact = ex.search(queries, QUERIES, 10);
        }
        HnswLabelIndex hnsw = HnswLabelIndex.build(labels, LABELS, DIM, new HnswLabelIndex.Options(8, 32, 64, 0));
        TopK approx = hnsw.search(queries, QUERIES, 10);
        double recall = ClusteredVectors.recall(approx, exact);
        System.out.printf("HNSW recall@10 = %.4f%n", recall);
        assertTrue(recall >= MIN_RECALL_AT_10, "recall@10 " + recall);

        // Scores are exact inner products and rows are ordered by (score desc, id asc).
        for (int r = 0; r < QUERIES; r++) {
            for (int i = 0; i < 10; i++) {
                int l = approx.label(r, i);
                float s = 0f;
                for (int j = 0; j < DIM; j++) {
                    s += queries[r * DIM + j] * labels[l * DIM + j];
                }
                assertEquals(s, approx.score(r, i), 0f);
                if (i > 0) {
                    assertTrue(approx.score(r, i - 1) > s
                            || (approx.score(r, i - 1) == s && approx.label(r, i - 1) < l));
                }
            }
        }

        hnsw.save(dir);
        try (LabelIndex loaded = LabelIndex.load(dir)) {
            assertTrue(loaded instanceof HnswLabelIndex);
            assertEquals(64, ((HnswLabelIndex) loaded).options().ef());
            TopK again = loaded.search(queries, QUERIES, 10);
            ExactInnerProductIndexTest.assertSame(approx, again, "reloaded graph");
        }
        hnsw.close();
    }

    @Test
    void kBeyondLabelsPads() {
        float[] labels = ClusteredVectors.generate(30, 8, 3, 0.5f, 5);
        HnswLabelIndex hnsw = HnswLabelIndex.build(labels, 30, 8, new HnswLabelIndex.Options(8, 50, 50, 1));
        TopK t = hnsw.search(labels, 2, 40);
        assertEquals(30, t.count(0));
        assertEquals(TopK.PAD, t.label(1, 30));
        assertEquals(0, t.label(0, 0)); // a unit vector is its own best match
    }
}
