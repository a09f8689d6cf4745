package org.xmcbench.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Thresholds chosen on validation and applied to test, against the definition worked by hand. */
class ThresholdTransferTest {
    /** The curve of top-1 scores and their correctness, as the metrics engine builds it. */
    private static List<MetricReport.PrecisionCoveragePoint> curve(float[] top1, boolean[] correct) {
        return MetricsEngine.precisionCoverageCurve(top1, correct);
    }

    @Test
    void theValidationThresholdIsAppliedUnchangedToTest() {
        // Validation, by descending score: 0.9 ok, 0.8 ok, 0.7 wrong, 0.6 ok, 0.5 wrong.
        // Accepting >= 0.8: precision 2/2; >= 0.7: 2/3; >= 0.6: 3/4 = 0.75; >= 0.5: 3/5.
        var validation = curve(new float[] {0.5f, 0.9f, 0.7f, 0.6f, 0.8f},
                new boolean[] {false, true, false, true, true});
        // Test (6 rows): 0.95 ok, 0.85 wrong, 0.75 ok, 0.65 ok, 0.55 wrong, and a row without predictions.
        var test = curve(new float[] {0.95f, 0.85f, 0.75f, 0.65f, 0.55f, Float.NaN},
                new boolean[] {true, false, true, true, false, false});
        List<ThresholdTransfer.Outcome> out = ThresholdTransfer.transfer(validation, test,
                new double[] {0.75, 0.9, 0.5});

        // Target 0.75: the lowest validation threshold still at >= 0.75 is 0.6 (coverage 4/5).
        // On test, >= 0.6 accepts 0.95, 0.85, 0.75, 0.65: 4 of 6 rows, 3 right.
        ThresholdTransfer.Outcome p75 = out.get(0);
        assertEquals(0.6f, p75.threshold());
        assertEquals(0.8, p75.validationCoverage(), 1e-12);
        assertEquals(4.0 / 6, p75.coverage(), 1e-12);
        assertEquals(0.75, p75.precision(), 1e-12);

        // Target 0.9: threshold 0.8 (2/2 on validation); on test it accepts 0.95 and 0.85: 1 of 2 right.
        ThresholdTransfer.Outcome p90 = out.get(1);
        assertEquals(0.8f, p90.threshold());
        assertEquals(2.0 / 6, p90.coverage(), 1e-12);
        assertEquals(0.5, p90.precision(), 1e-12);

        // Target 0.5: every validation row (3/5 >= 0.5), threshold 0.5; on test all 5 scored rows, 3 right.
        ThresholdTransfer.Outcome p50 = out.get(2);
        assertEquals(0.5f, p50.threshold());
        assertEquals(5.0 / 6, p50.coverage(), 1e-12);
        assertEquals(0.6, p50.precision(), 1e-12);
    }

    @Test
    void anUnreachableTargetAcceptsNothingAndAThresholdAboveEveryTestScoreToo() {
        var validation = curve(new float[] {0.9f, 0.8f}, new boolean[] {false, true});
        var test = curve(new float[] {0.7f, 0.6f}, new boolean[] {true, true});
        List<ThresholdTransfer.Outcome> out = ThresholdTransfer.transfer(validation, test, new double[] {1.0, 0.5});
        // 1.0 is never reached on validation (0.9 is wrong, so every threshold has precision < 1).
        assertNull(out.get(0).threshold());
        assertEquals(0, out.get(0).coverage());
        assertNull(out.get(0).precision());
        // 0.5: threshold 0.8 (1/2); no test score reaches it.
        assertEquals(0.8f, out.get(1).threshold());
        assertEquals(0, out.get(1).coverage());
        assertNull(out.get(1).precision());
    }

    @Test
    void tiedScoresFallOnTheSameSide() {
        // Validation: two rows tied at 0.7, one right one wrong: accepting them gives 1/2, so at target 0.9 only
        // the 0.8 row qualifies; on test a row tied exactly at the threshold is accepted.
        var validation = curve(new float[] {0.8f, 0.7f, 0.7f}, new boolean[] {true, true, false});
        var test = curve(new float[] {0.8f, 0.8f, 0.79f}, new boolean[] {true, false, true});
        ThresholdTransfer.Outcome o = ThresholdTransfer.transfer(validation, test, new double[] {0.9}).get(0);
        assertEquals(0.8f, o.threshold());
        assertEquals(2.0 / 3, o.coverage(), 1e-12);
        assertEquals(0.5, o.precision(), 1e-12);
    }
}
