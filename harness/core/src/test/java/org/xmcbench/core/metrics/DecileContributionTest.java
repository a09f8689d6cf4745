package org.xmcbench.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/** The decile contribution on a case worked by hand: bins by training frequency, shares summing to P@k. */
class DecileContributionTest {
    private static CsrMatrix rows(int[][] labels, float[][] scores) {
        CsrBuilder b = new CsrBuilder(4, labels.length, 8);
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels[i].length; j++) {
                b.add(labels[i][j], scores == null ? 1f : scores[i][j]);
            }
            b.endRow();
        }
        return b.build();
    }

    /** Training frequencies 6, 2, 1, 1: two bins of total frequency about 5 are {label 0} and {labels 1, 2, 3}. */
    private static final CsrMatrix TRAIN = rows(new int[][] {{0, 1}, {0, 1}, {0, 2}, {0, 3}, {0}, {0}}, null);
    private static final CsrMatrix TRUTH = rows(new int[][] {{0, 2}, {1}}, null);
    private static final CsrMatrix PRED = rows(new int[][] {{0, 2, 3}, {1}}, new float[][] {{0.9f, 0.7f, 0.8f},
        {0.9f}});

    @Test
    void binsAreCutByTrainingFrequencyAndSumToPrecisionAtK() {
        List<DecileContribution.Bin> bins = DecileContribution.of(TRAIN, TRUTH, PRED, null, 5, 2);
        // Rarest first: labels 1, 2, 3 (frequencies 2, 1, 1) hold the hits on labels 2 and 1; label 0 the other.
        assertEquals(List.of(new DecileContribution.Bin(3, 4 / 3.0, 2 / 10.0), new DecileContribution.Bin(1, 6, 1
                / 10.0)), bins);
        double p5 = MetricsEngine.evaluate(TRUTH, PRED, new EvalOptions(Dialect.PYXCLIB, 5, null, null,
                new double[] {0.9}, null)).get("P@5");
        assertEquals(p5, bins.stream().mapToDouble(DecileContribution.Bin::contribution).sum(), 1e-12);
    }

    @Test
    void filteredPairsAreNotCounted() {
        CsrMatrix filter = rows(new int[][] {{2}, {}}, null);
        List<DecileContribution.Bin> bins = DecileContribution.of(TRAIN, TRUTH, PRED, filter, 5, 2);
        assertEquals(1 / 10.0, bins.get(0).contribution(), 1e-12, "the hit on label 2 was a filter pair");
        assertEquals(1 / 10.0, bins.get(1).contribution(), 1e-12);
    }
}
