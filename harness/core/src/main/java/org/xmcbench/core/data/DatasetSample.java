package org.xmcbench.core.data;

import java.util.Map;

/**
 * A smaller dataset drawn from a larger one: {@code trainRows} training and {@code testRows} test rows, each drawn
 * uniformly by a seed (rows with no label included, so the splits keep their share of them) and kept in source
 * order; the label side (label count, label texts, label features), vocabulary, filter pairs of the kept rows and
 * propensity constants are the source's, so label ids stay comparable with the full dataset. It is for running
 * every method end to end in minutes (the smoke suite), not for comparing methods: quality on it says little.
 *
 * @param data the sample
 * @param trainRows the source's training row ids, ascending: train row {@code i} is source train row
 *     {@code trainRows[i]}
 * @param testRows the source's test row ids, ascending
 */
public record DatasetSample(XmcDataset data, int[] trainRows, int[] testRows) {

    /** Draws the sample; refuses sizes outside 1 to the split's row count. */
    public static DatasetSample draw(XmcDataset source, int trainCount, int testCount, long seed, String name) {
        int[] train = rows(source, "training", source.trainLabels().rows(), trainCount, seed);
        // A different stream for the test draw, so equal sizes do not pick the same row ids in both splits.
        int[] test = rows(source, "test", source.testLabels().rows(), testCount, ~seed);
        XmcDataset sample = new XmcDataset(name,
                SplitRows.of(source.trainFeatures(), train), SplitRows.of(source.testFeatures(), test),
                source.trainLabels().selectRows(train), source.testLabels().selectRows(test),
                SplitRows.of(source.trainTexts(), train), SplitRows.of(source.testTexts(), test),
                source.labelTexts(), source.labelFeatures(), source.vocabulary(),
                SplitRows.of(source.trainFilter(), train), SplitRows.of(source.testFilter(), test),
                source.propensityA(), source.propensityB(), Map.of());
        return new DatasetSample(sample, train, test);
    }

    private static int[] rows(XmcDataset source, String split, int available, int count, long seed) {
        if (count < 1 || count > available) {
            throw new IllegalArgumentException(source.name() + ": cannot draw " + count + " " + split + " rows: it has "
                    + available + ", so the number must be 1 to " + available);
        }
        return SeededSample.of(available, count, seed);
    }
}
