package org.xmcbench.core.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small real dataset cut from a large one: the first rows of each split with their texts and label rows, the
 * label space narrowed to the labels those rows use (renumbered in order of first use, their texts kept), and the
 * rows' sparse features (all columns kept). Label features and filters are dropped. For tests and smoke runs of text
 * methods on real data.
 */
public final class FirstRowsSlice {
    private FirstRowsSlice() {}

    public static XmcDataset of(XmcDataset full, int trainRows, int testRows) {
        if (full.trainTexts() == null || full.testTexts() == null) {
            throw new IllegalArgumentException(full.name() + " has no raw texts to slice");
        }
        Map<Integer, Integer> newId = new LinkedHashMap<>();
        List<int[]> train = renumbered(full.trainLabels(), trainRows, newId);
        List<int[]> test = renumbered(full.testLabels(), testRows, newId);
        List<TextRecord> labelTexts = null;
        if (full.labelTexts() != null) {
            labelTexts = new ArrayList<>(newId.size());
            for (int old : newId.keySet()) {
                labelTexts.add(full.labelTexts().get(old));
            }
        }
        return new XmcDataset(full.name() + "-first-" + trainRows, firstRows(full.trainFeatures(), trainRows),
                firstRows(full.testFeatures(), testRows), csr(train, newId.size()),
                csr(test, newId.size()), full.trainTexts().subList(0, trainRows),
                full.testTexts().subList(0, testRows), labelTexts, null, null, null, null, null, null, Map.of());
    }

    private static CsrMatrix firstRows(CsrMatrix x, int n) {
        return x == null ? null : x.selectRows(java.util.stream.IntStream.range(0, n).toArray());
    }

    private static List<int[]> renumbered(CsrMatrix y, int n, Map<Integer, Integer> newId) {
        if (n > y.rows()) {
            throw new IllegalArgumentException("asked for " + n + " rows of a split with " + y.rows());
        }
        List<int[]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            int[] ids = new int[y.rowNnz(r)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = newId.computeIfAbsent(y.index(y.rowStart(r) + i), k -> newId.size());
            }
            java.util.Arrays.sort(ids); // CSR rows keep ascending column ids
            rows.add(ids);
        }
        return rows;
    }

    private static CsrMatrix csr(List<int[]> rows, int cols) {
        CsrBuilder b = new CsrBuilder(cols, rows.size(), 8);
        for (int[] row : rows) {
            for (int l : row) {
                b.add(l, 1f);
            }
            b.endRow();
        }
        return b.build();
    }
}
