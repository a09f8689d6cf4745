package org.xmcbench.core.data;

import java.util.ArrayList;
import java.util.List;

/** Chosen rows of one split's parts (features, filter pairs, texts), each of which may be absent (null). */
public final class SplitRows {
    private SplitRows() {}

    /**
     * The rows of {@code m} in the given order, or null when {@code m} is. Filter matrices may have fewer rows than
     * the split (trailing rows without pairs are not stored): such a row comes out empty.
     */
    public static CsrMatrix of(CsrMatrix m, int[] rows) {
        if (m == null) {
            return null;
        }
        CsrBuilder b = new CsrBuilder(m.cols(), rows.length, 16);
        for (int r : rows) {
            if (r < m.rows()) {
                for (long p = m.rowStart(r); p < m.rowEnd(r); p++) {
                    b.add(m.index(p), m.value(p));
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /** The texts of the given rows in that order, or null when {@code texts} is. */
    public static List<TextRecord> of(List<TextRecord> texts, int[] rows) {
        if (texts == null) {
            return null;
        }
        List<TextRecord> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(texts.get(r));
        }
        return out;
    }
}
