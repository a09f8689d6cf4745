package org.xmcbench.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/** Properties any correct implementation has, checked on random data (the golden tests pin the exact values). */
class MetricPropertiesTest {
    private static final int L = 300;

    private static CsrMatrix randomLabels(SplittableRandom r, int rows, int maxPerRow) {
        CsrBuilder b = new CsrBuilder(L, rows, rows * maxPerRow);
        for (int i = 0; i < rows; i++) {
            int n = r.nextInt(maxPerRow + 1);
            int[] ls = r.ints(n, 0, L).distinct().sorted().toArray();
            for (int l : ls) {
                b.add(l, 1f);
            }
            b.endRow();
        }
        return b.build();
    }

    /** Distinct random scores: ties would make the ranking depend on label ids, which a permutation changes. */
    private static CsrMatrix randomScores(SplittableRandom r, CsrMatrix truth, int perRow) {
        CsrBuilder b = new CsrBuilder(L, truth.rows(), truth.rows() * perRow);
        for (int i = 0; i < truth.rows(); i++) {
            int[] ls = r.ints(perRow, 0, L).distinct().sorted().toArray();
            for (int l : ls) {
                b.add(l, (float) (r.nextDouble() + i * 1e-3 + l * 1e-7));
            }
            b.endRow();
        }
        return b.build();
    }

    @Test
    void perfectPredictionsScoreOne() {
        SplittableRandom r = new SplittableRandom(1);
        CsrMatrix train = randomLabels(r, 500, 6);
        CsrMatrix truth = randomLabels(r, 400, 5);
        // Scores follow the propensity weight, so the prediction is also the best PS ordering.
        InversePropensity ip = InversePropensity.fromTrainLabels(train, L, 0.55, 1.5);
        CsrBuilder b = new CsrBuilder(L, truth.rows(), truth.nnz());
        int nonEmpty = 0;
        for (int i = 0; i < truth.rows(); i++) {
            nonEmpty += truth.rowNnz(i) > 0 ? 1 : 0;
            for (long p = truth.rowStart(i); p < truth.rowEnd(i); p++) {
                b.add(truth.index(p), (float) ip.weight(truth.index(p)));
            }
            b.endRow();
        }
        MetricReport m = MetricsEngine.evaluate(truth, b.build(),
                EvalOptions.defaults(Dialect.PYXCLIB).withPropensity(ip).withK(5));
        double share = (double) nonEmpty / truth.rows();
        for (int k = 1; k <= 5; k++) {
            assertEquals(share, m.get("nDCG@" + k), 1e-12, "nDCG@" + k + " (empty rows count as 0)");
            assertEquals(1.0, m.get("PSP@" + k), 1e-12, "PSP@" + k);
            assertEquals(1.0, m.get("PSnDCG@" + k), 1e-12, "PSnDCG@" + k);
            assertEquals(1.0, m.get("coverage@5"), 1e-12);
        }
        assertEquals(share, m.get("P@1"), 1e-12);
        assertEquals(share, m.get("hits@1"), 1e-12);
        assertEquals(share, m.get("MRR@5"), 1e-12);
    }

    @Test
    void permutingLabelIdsChangesNothing() {
        SplittableRandom r = new SplittableRandom(2);
        CsrMatrix train = randomLabels(r, 600, 8);
        CsrMatrix truth = randomLabels(r, 500, 6);
        CsrMatrix pred = randomScores(r, truth, 40);
        CsrMatrix filter = randomLabels(r, 500, 2);
        int[] perm = r.ints(0, L).distinct().limit(L).toArray();
        double[] targets = {0.3, 0.6};
        EvalOptions opt = new EvalOptions(Dialect.PYXCLIB, 10,
                InversePropensity.fromTrainLabels(train, L, 0.6, 2.6), filter, targets, 0.5);
        EvalOptions permOpt = new EvalOptions(Dialect.PYXCLIB, 10,
                InversePropensity.fromTrainLabels(permute(train, perm), L, 0.6, 2.6), permute(filter, perm), targets,
                0.5);
        Map<String, Double> a = MetricsEngine.evaluate(truth, pred, opt).values();
        Map<String, Double> b = MetricsEngine.evaluate(permute(truth, perm), permute(pred, perm), permOpt).values();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertEquals(v, b.get(k), 1e-9, k));
        assertTrue(a.get("P@1") > 0, "the random data should produce some hits");
    }

    @Test
    void rowOrderAndThreadingDoNotMatter() {
        SplittableRandom r = new SplittableRandom(3);
        CsrMatrix truth = randomLabels(r, 9000, 4);
        CsrMatrix pred = randomScores(r, truth, 20);
        EvalOptions opt = EvalOptions.defaults(Dialect.PECOS);
        Map<String, Double> once = MetricsEngine.evaluate(truth, pred, opt).values();
        Map<String, Double> twice = MetricsEngine.evaluate(truth, pred, opt).values();
        assertEquals(once, twice, "block-ordered reduction is deterministic");
    }

    @Test
    void tiesBreakByAscendingLabelAndMissingSlotsAreMisses() {
        // Row 0: labels 4 and 1 tie at 0.5; label 1 must rank first. Row 1: no predictions.
        CsrMatrix truth = CsrMatrix.of(2, 5, new long[] {0, 1, 2}, new int[] {1, 2}, new float[] {1, 1});
        CsrMatrix pred = CsrMatrix.of(2, 5, new long[] {0, 2, 2}, new int[] {1, 4}, new float[] {0.5f, 0.5f});
        MetricReport m = MetricsEngine.evaluate(truth, pred, EvalOptions.defaults(Dialect.PECOS).withK(3));
        assertEquals(0.5, m.get("P@1"), 1e-15);
        assertEquals(1.0 / 6, m.get("P@3"), 1e-15, "1 hit over N*k = 2*3");
        assertEquals(0.5, m.get("R@3"), 1e-15);
        assertEquals(0.5, m.get("coverage@1"), 1e-15);
    }

    @Test
    void coverageAtPrecisionFollowsTheDefinition() {
        // Top-1 scores 0.9 (right), 0.8 (wrong), 0.8 (right), 0.1 (wrong); a fifth row has no prediction.
        CsrMatrix truth = CsrMatrix.of(5, 3, new long[] {0, 1, 2, 3, 4, 5}, new int[] {0, 1, 2, 0, 0},
                new float[] {1, 1, 1, 1, 1});
        CsrMatrix pred = CsrMatrix.of(5, 3, new long[] {0, 1, 2, 3, 4, 4}, new int[] {0, 0, 2, 1},
                new float[] {0.9f, 0.8f, 0.8f, 0.1f});
        MetricReport m = MetricsEngine.evaluate(truth, pred,
                EvalOptions.defaults(Dialect.PECOS).withPrecisionTargets(1.0, 0.6, 0.5));
        assertEquals(0.2, m.get("coverage_at_precision@1.00"), 1e-15, "only the 0.9 row at precision 1");
        assertEquals(0.6, m.get("coverage_at_precision@0.60"), 1e-15, "tied 0.8 rows fall on the same side");
        assertEquals(0.8, m.get("coverage_at_precision@0.50"), 1e-15, "2 of 4 covered right; the empty row never");
        assertEquals(3, m.precisionCoverageCurve().size());
    }

    @Test
    void thresholdedF1() {
        CsrMatrix truth = CsrMatrix.of(2, 4, new long[] {0, 2, 3}, new int[] {0, 1, 2}, new float[] {1, 1, 1});
        CsrMatrix pred = CsrMatrix.of(2, 4, new long[] {0, 2, 4}, new int[] {0, 3, 2, 3},
                new float[] {0.9f, 0.7f, 0.6f, 0.2f});
        MetricReport m = MetricsEngine.evaluate(truth, pred, EvalOptions.defaults(Dialect.PECOS).withF1Threshold(0.5));
        // Predicted >= 0.5: (0,0) TP, (0,3) FP, (1,2) TP; missed (0,1): TP 2, FP 1, FN 1.
        assertEquals(2.0 * 2 / (2 * 2 + 1 + 1), m.get("F1-micro@0.5"), 1e-15);
        // Per label: 0 -> 1, 1 -> 0, 2 -> 1, 3 -> 0 (FP only): mean over the 4 labels in play.
        assertEquals(0.5, m.get("F1-macro@0.5"), 1e-15);
        assertTrue(Arrays.stream(new String[] {"P@1", "R@10"}).allMatch(m.values()::containsKey));
    }

    private static CsrMatrix permute(CsrMatrix m, int[] perm) {
        CsrBuilder b = new CsrBuilder(m.cols(), m.rows(), m.nnz());
        for (int i = 0; i < m.rows(); i++) {
            int n = m.rowNnz(i);
            long[] packed = new long[n];
            for (int j = 0; j < n; j++) {
                long p = m.rowStart(i) + j;
                packed[j] = ((long) perm[m.index(p)] << 32) | (Float.floatToIntBits(m.value(p)) & 0xffffffffL);
            }
            Arrays.sort(packed);
            for (long x : packed) {
                b.add((int) (x >>> 32), Float.intBitsToFloat((int) x));
            }
            b.endRow();
        }
        return b.build();
    }
}
