package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;

/** PECOS's MLModel on a matching matrix: who trains on what, and how the re-scored shortlist is ordered. */
class ShortlistRankerTest {
    @TempDir
    Path tmp;

    @Test
    void eachLabelTrainsOnItsPositivesAndTheInstancesThatShortlistIt() {
        CsrMatrix y = CsrMatrix.of(3, 2, new long[] {0, 1, 2, 2}, new int[] {0, 1}, new float[] {1, 1});
        int[][] lists = {{1}, {}, {0, 1}};
        int[][] per = ShortlistRanker.instancesPerLabel(y, lists, 2);
        assertArrayEquals(new int[] {0, 2}, per[0]);
        assertArrayEquals(new int[] {0, 1, 2}, per[1]);
    }

    @Test
    void rerankingPutsTheLabelTheRankerBelievesFirstAndCombinesScoresAsPecosL3Hinge() throws Exception {
        // Label 0 where feature 0 is on, label 1 where feature 1 is on; every instance shortlists both labels.
        CsrMatrix x = CsrMatrix.of(6, 2, new long[] {0, 1, 3, 4, 6, 7, 8}, new int[] {0, 0, 1, 1, 0, 1, 0, 1},
                new float[] {1f, 0.9f, 0.1f, 1f, 0.1f, 0.9f, 1f, 1f});
        CsrMatrix y = CsrMatrix.of(6, 3, new long[] {0, 1, 2, 3, 4, 5, 6}, new int[] {0, 0, 1, 1, 0, 1},
                new float[] {1, 1, 1, 1, 1, 1});
        int[][] lists = {{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}};
        SimpleRunContext ctx = new SimpleRunContext(0, RunContext.Device.CPU, tmp, () -> false);
        ShortlistRanker r = ShortlistRanker.train(x, y, lists, new ShortlistRanker.Params(1, 1, 0.1, 100, 1, 0, 0),
                ctx);
        // The first stage ranks label 1 (0.9) above label 0 (0.8) and label 2 last; the query has feature 0 only.
        TopK first = new TopK(1, 3);
        first.set(0, 0, 1, 0.9f);
        first.set(0, 1, 0, 0.8f);
        first.set(0, 2, 2, 0.7f);
        CsrMatrix q = CsrMatrix.of(1, 2, new long[] {0, 1}, new int[] {0}, new float[] {1f});
        PostProcessor.Applied l3 = PostProcessor.parse("l3-hinge");
        TopK out = r.rerank(q, first, 3, l3);
        assertEquals(0, out.label(0, 0), "the ranker moves label 0 up");
        float[] dense = {1f, 0f, 1f};
        for (int rank = 0; rank < 3; rank++) {
            int l = out.label(0, rank);
            double parent = l == 1 ? 0.9 : l == 0 ? 0.8 : 0.7;
            double raw = r.weights()[l].dot(dense);
            assertEquals(parent * Math.exp(-Math.pow(Math.max(0, 1 - raw), 3)), out.score(0, rank), 1e-6,
                    "label " + l);
        }
        // Label 2 has no instance: an empty classifier (raw score 0), so its score is 0.7 e^-1, which now beats label
        // 1's (the ranker rejects label 1 for this query).
        assertArrayEquals(new int[] {0, 2, 1}, new int[] {out.label(0, 0), out.label(0, 1), out.label(0, 2)});
        assertEquals(0.7 * Math.exp(-1), out.score(0, 1), 1e-6);
        assertTrue(r.weights()[0].dot(dense) > 0 && r.weights()[1].dot(dense) < 0);
        // Saved and loaded, it ranks the same.
        r.save(tmp.resolve("ranker"));
        assertTrue(out.sameAs(ShortlistRanker.load(tmp.resolve("ranker")).rerank(q, first, 3, l3)));
    }
}
