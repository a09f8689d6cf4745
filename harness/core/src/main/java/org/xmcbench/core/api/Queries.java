package org.xmcbench.core.api;

import java.util.List;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TextRecord;

/** Test points as a method sees them: sparse features and/or raw texts (either may be null). */
public record Queries(CsrMatrix features, List<TextRecord> texts) {
    public int size() {
        return features != null ? features.rows() : texts.size();
    }

    /** Rows {@code [from, to)}: used for single-query latency (batch 1) and batched prediction. */
    public Queries slice(int from, int to) {
        CsrMatrix f = null;
        if (features != null) {
            CsrBuilder b = new CsrBuilder(features.cols(), to - from, 16);
            for (int r = from; r < to; r++) {
                for (long p = features.rowStart(r); p < features.rowEnd(r); p++) {
                    b.add(features.index(p), features.value(p));
                }
                b.endRow();
            }
            f = b.build();
        }
        return new Queries(f, texts == null ? null : texts.subList(from, to));
    }
}
