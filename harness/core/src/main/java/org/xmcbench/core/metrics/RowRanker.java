package org.xmcbench.core.metrics;

import java.util.Arrays;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Ranks one row of stored predictions: removes the row's LF filter pairs, then orders the rest by score
 * descending with ties broken by ascending label id (PECOS's stable sort on -score over column-sorted rows).
 * One instance per thread; its scratch arrays grow to the longest row seen.
 */
final class RowRanker {
    private long[] keys = new long[64];
    private int[] labels = new int[64];
    private float[] scores = new float[64];
    private int count;

    /** Ranks row {@code row} of {@code pred} and returns how many predictions remain after filtering. */
    int rank(CsrMatrix pred, int row, CsrMatrix filter) {
        long ps = pred.rowStart(row);
        long pe = pred.rowEnd(row);
        int m = (int) (pe - ps);
        if (m > keys.length) {
            int cap = Math.max(m, keys.length * 2);
            keys = new long[cap];
            labels = new int[cap];
            scores = new float[cap];
        }
        long fs = 0;
        long fe = 0;
        if (filter != null && row < filter.rows()) {
            fs = filter.rowStart(row);
            fe = filter.rowEnd(row);
        }
        int n = 0;
        for (long p = ps; p < pe; p++) {
            int label = pred.index(p);
            // Both rows are column-sorted, so the filter is a merge walk.
            while (fs < fe && filter.index(fs) < label) {
                fs++;
            }
            if (fs < fe && filter.index(fs) == label) {
                continue;
            }
            float s = pred.value(p);
            labels[n] = label;
            scores[n] = s;
            // High 32 bits: the score mapped to an int whose ascending order is the float's descending order;
            // low 32 bits: the position in the column-sorted row, so equal scores keep ascending label order.
            keys[n] = ((long) descendingKey(s) << 32) | n;
            n++;
        }
        Arrays.sort(keys, 0, n);
        count = n;
        return n;
    }

    int labelAt(int rank) {
        return labels[(int) keys[rank]];
    }

    float scoreAt(int rank) {
        return scores[(int) keys[rank]];
    }

    int count() {
        return count;
    }

    /** Maps a float to an int so that a larger float gives a smaller int (total order; -0 ranks below +0). */
    static int descendingKey(float s) {
        return ~org.xmcbench.core.data.FloatOrder.ascending(s);
    }
}
