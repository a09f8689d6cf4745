package org.xmcbench.core.data;

import java.util.List;

/**
 * Training rows held out before a method is fitted, so that a decision threshold (ALC's coverage setting) can be
 * chosen on data the model has not seen and then applied to the test split. The method is fitted on
 * {@link #train()}; the held-out rows keep their features, texts, labels and LF filter pairs.
 *
 * @param train the dataset with only the kept training rows (test split and label side unchanged)
 * @param rows the held-out row ids of the original training split, ascending
 * @param features their sparse features, or null when the dataset has none
 * @param texts their raw texts, or null
 * @param labels their label rows
 * @param filter their LF filter pairs, or null
 */
public record ValidationSplit(XmcDataset train, int[] rows, CsrMatrix features, List<TextRecord> texts,
                              CsrMatrix labels, CsrMatrix filter) {

    /**
     * Holds out {@code round(fraction * n)} training rows (at least one, and at least one kept), drawn uniformly
     * by {@code seed}: the same seed and dataset always hold out the same rows.
     */
    public static ValidationSplit carve(XmcDataset data, double fraction, long seed) {
        int n = data.trainLabels().rows();
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        }
        if (n < 2) {
            throw new IllegalArgumentException(data.name() + " has " + n + " training rows: too few to hold any out");
        }
        int held = (int) Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
        int[] out = SeededSample.of(n, held, seed ^ 0x5EEDL);
        boolean[] isHeld = new boolean[n];
        for (int r : out) {
            isHeld[r] = true;
        }
        int[] kept = new int[n - held];
        for (int r = 0, k = 0; r < n; r++) {
            if (!isHeld[r]) {
                kept[k++] = r;
            }
        }
        XmcDataset train = new XmcDataset(data.name(), SplitRows.of(data.trainFeatures(), kept), data.testFeatures(),
                data.trainLabels().selectRows(kept), data.testLabels(), SplitRows.of(data.trainTexts(), kept),
                data.testTexts(), data.labelTexts(), data.labelFeatures(), data.vocabulary(),
                SplitRows.of(data.trainFilter(), kept), data.testFilter(), data.propensityA(), data.propensityB(),
                data.fileSha256());
        return new ValidationSplit(train, out, SplitRows.of(data.trainFeatures(), out),
                SplitRows.of(data.trainTexts(), out), data.trainLabels().selectRows(out),
                SplitRows.of(data.trainFilter(), out));
    }

    public int size() {
        return rows.length;
    }
}
