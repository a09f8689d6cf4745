package org.xmcbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Held-out training rows: disjoint from the kept ones, repeatable, and carrying every part of their rows. */
class ValidationSplitTest {
    /** Row r has feature r % 7 with value r, label r % 5, text "t<r>"; filter pairs on rows 3 and 40 only. */
    static XmcDataset dataset(int n) {
        CsrBuilder f = new CsrBuilder(7, n, n);
        CsrBuilder y = new CsrBuilder(5, n, n);
        List<TextRecord> texts = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            f.add(r % 7, r);
            f.endRow();
            y.add(r % 5, 1f);
            y.endRow();
            texts.add(new TextRecord("u" + r, "t" + r, null));
        }
        CsrBuilder filter = new CsrBuilder(5, 41, 2); // fewer rows than the split, as LF filter files can be
        for (int r = 0; r < 41; r++) {
            if (r == 3 || r == 40) {
                filter.add(1, 1f);
            }
            filter.endRow();
        }
        CsrMatrix test = CsrMatrix.empty(2, 5);
        return new XmcDataset("d", f.build(), CsrMatrix.empty(2, 7), y.build(), test, texts, null, null, null, null,
                filter.build(), null, null, null, Map.of());
    }

    @Test
    void heldOutRowsAreDisjointRepeatableAndComplete() {
        XmcDataset d = dataset(100);
        ValidationSplit v = ValidationSplit.carve(d, 0.1, 4);
        assertEquals(10, v.size());
        assertEquals(90, v.train().trainLabels().rows());
        assertArrayEquals(v.rows(), ValidationSplit.carve(d, 0.1, 4).rows(), "same seed, same rows");
        assertFalse(java.util.Arrays.equals(v.rows(), ValidationSplit.carve(d, 0.1, 5).rows()), "another seed");
        Set<Integer> held = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            int r = v.rows()[i];
            held.add(r);
            // Every part of a held-out row travels with it.
            assertEquals(r % 7, v.features().index(v.features().rowStart(i)));
            assertEquals(r, v.features().value(v.features().rowStart(i)));
            assertEquals(r % 5, v.labels().index(v.labels().rowStart(i)));
            assertEquals("t" + r, v.texts().get(i).title());
            assertEquals(r == 3 || r == 40 ? 1 : 0, v.filter().rowNnz(i));
        }
        Set<Integer> kept = new HashSet<>();
        for (int i = 0; i < 90; i++) {
            String t = v.train().trainTexts().get(i).title();
            int r = Integer.parseInt(t.substring(1));
            kept.add(r);
            assertEquals(r, v.train().trainFeatures().value(v.train().trainFeatures().rowStart(i)));
            assertEquals(r == 3 || r == 40 ? 1 : 0, v.train().trainFilter().rowNnz(i));
        }
        assertTrue(java.util.Collections.disjoint(held, kept));
        assertEquals(100, held.size() + kept.size());
        assertEquals(d.testLabels(), v.train().testLabels(), "the test split is untouched");
    }

    @Test
    void fractionsOutsideTheOpenIntervalAreRefused() {
        XmcDataset d = dataset(10);
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(d, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(d, 1, 1));
        assertEquals(1, ValidationSplit.carve(d, 0.001, 1).size(), "at least one row is held out");
        assertEquals(9, ValidationSplit.carve(d, 0.999, 1).size(), "at least one row is kept");
    }
}
