package org.xmcbench.core.data;

import java.util.List;
import java.util.Map;

/**
 * A memorisation check's dataset: {@code n} training rows of a dataset, drawn by a seed among those with at least
 * one label, as both the train and the test split. Train and test are the same rows in the same order (features,
 * labels, texts, LF filter pairs: a query's own filter pairs stay applied); the label side (label count, label
 * texts, label features), vocabulary and propensity constants are the source's, so label ids and the size of the
 * search stay those of the full dataset. A method that cannot get near-perfect precision here has a bug, not a
 * small budget.
 *
 * @param data the slice
 * @param rows the source's training row ids, ascending: row {@code i} of both splits is source train row
 *     {@code rows[i]}
 */
public record MemorisationSlice(XmcDataset data, int[] rows) {

    /** Draws the slice; refuses {@code n} outside 1 to the number of labelled training rows. */
    public static MemorisationSlice draw(XmcDataset source, int n, long seed, String name) {
        CsrMatrix y = source.trainLabels();
        int labelled = 0;
        for (int r = 0; r < y.rows(); r++) {
            labelled += y.rowNnz(r) > 0 ? 1 : 0;
        }
        if (n < 1 || n > labelled) {
            throw new IllegalArgumentException(source.name() + ": cannot draw " + n + " rows for a memorisation "
                    + "slice: it has " + labelled + " training rows with at least one label (of " + y.rows()
                    + "), so the number of rows must be 1 to " + labelled);
        }
        int[] candidates = new int[labelled];
        for (int r = 0, c = 0; r < y.rows(); r++) {
            if (y.rowNnz(r) > 0) {
                candidates[c++] = r;
            }
        }
        int[] picked = SeededSample.of(labelled, n, seed);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = candidates[picked[i]];
        }
        CsrMatrix features = SplitRows.of(source.trainFeatures(), rows);
        CsrMatrix labels = y.selectRows(rows);
        List<TextRecord> texts = SplitRows.of(source.trainTexts(), rows);
        CsrMatrix filter = SplitRows.of(source.trainFilter(), rows);
        XmcDataset slice = new XmcDataset(name, features, features, labels, labels, texts, texts,
                source.labelTexts(), source.labelFeatures(), source.vocabulary(), filter, filter,
                source.propensityA(), source.propensityB(), Map.of());
        return new MemorisationSlice(slice, rows);
    }
}
