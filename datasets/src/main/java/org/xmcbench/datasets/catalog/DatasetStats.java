package org.xmcbench.datasets.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.core.data.XmcDataset;

/**
 * The Extreme Classification Repository's statistics columns, computed as its table does: averages over the
 * TRAIN split (avg points/label = train label nnz / #labels, avg labels/point = train label nnz / #train).
 */
public record DatasetStats(long features, long labels, long train, long test, double avgPointsPerLabel,
                           double avgLabelsPerPoint) {

    public static DatasetStats of(XmcDataset d) {
        long nnz = d.trainLabels().nnz();
        long train = d.trainLabels().rows();
        long labels = d.numLabels();
        return new DatasetStats(d.numFeatures(), labels, train, d.testLabels().rows(),
                labels == 0 ? 0 : (double) nnz / labels, train == 0 ? 0 : (double) nnz / train);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("features", features);
        m.put("labels", labels);
        m.put("train", train);
        m.put("test", test);
        m.put("avg_points_per_label", avgPointsPerLabel);
        m.put("avg_labels_per_point", avgLabelsPerPoint);
        return m;
    }

    /**
     * Differences from the catalog's expected statistics: counts must match exactly, averages to the two decimals
     * the repository's table prints. Null expected fields are not checked. Empty when everything agrees.
     */
    public List<String> differencesFrom(CatalogEntry.Stats expected) {
        List<String> diffs = new ArrayList<>();
        if (expected == null) {
            return diffs;
        }
        count(diffs, "features", expected.features(), features);
        count(diffs, "labels", expected.labels(), labels);
        count(diffs, "train points", expected.train(), train);
        count(diffs, "test points", expected.test(), test);
        average(diffs, "avg points/label", expected.avgPointsPerLabel(), avgPointsPerLabel);
        average(diffs, "avg labels/point", expected.avgLabelsPerPoint(), avgLabelsPerPoint);
        return diffs;
    }

    private static void count(List<String> diffs, String what, Long expected, long actual) {
        if (expected != null && expected != actual) {
            diffs.add(what + ": catalog says " + expected + ", data has " + actual);
        }
    }

    private static void average(List<String> diffs, String what, Double expected, double actual) {
        if (expected != null && Math.abs(expected - actual) > 0.005 + 1e-9) {
            diffs.add(String.format(java.util.Locale.ROOT, "%s: catalog says %.2f, data has %.4f", what, expected,
                    actual));
        }
    }
}
