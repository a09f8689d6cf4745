package org.xmcbench.methods.neural.search;

import org.xmcbench.core.data.TopK;

/**
 * The best {@code k} (label, score) pairs seen so far for one query, as a bounded min-heap whose root is the worst
 * kept pair. Scanning L scores costs O(L) comparisons against the root plus O(log k) per pair that enters, and
 * memory stays O(k) however many labels stream past, which is what lets the exact search score label blocks one at
 * a time.
 *
 * <p>The order is strict and total (higher score first, then lower label id), so the kept set and its drained
 * order do not depend on the order in which pairs are offered: heaps filled from different label blocks or threads
 * merge into exactly the result of one sequential scan. NaN scores are never kept.
 */
final class TopKHeap {
    private final int k;
    private final int[] ids;
    private final float[] scores;
    private int size;

    TopKHeap(int k) {
        this.k = k;
        this.ids = new int[k];
        this.scores = new float[k];
    }

    int size() {
        return size;
    }

    /**
     * A score strictly below this cannot enter: the root's score once full, otherwise minus infinity. Lets hot loops
     * reject most candidates with one float comparison.
     */
    float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(int id, float score) {
        if (size < k) {
            if (score != score) {
                return;
            }
            int i = size++;
            ids[i] = id;
            scores[i] = score;
            siftUp(i);
        } else if (k > 0 && better(score, id, scores[0], ids[0])) {
            ids[0] = id;
            scores[0] = score;
            siftDown(0);
        }
    }

    /** Offers {@code scores[from..from+n)} as labels {@code firstId..firstId+n)}. */
    void offerAll(float[] block, int from, int n, int firstId) {
        float thr = threshold();
        for (int i = 0; i < n; i++) {
            float s = block[from + i];
            if (s >= thr) {
                offer(firstId + i, s);
                thr = threshold();
            }
        }
    }

    /** Offers every pair kept by {@code other}. */
    void offerAll(TopKHeap other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.ids[i], other.scores[i]);
        }
    }

    /** Writes the kept pairs best first into {@code row} of {@code out} and empties the heap. */
    void drainInto(TopK out, int row) {
        for (int rank = size - 1; rank >= 0; rank--) {
            out.set(row, rank, ids[0], scores[0]);
            size--;
            if (size > 0) {
                ids[0] = ids[size];
                scores[0] = scores[size];
                siftDown(0);
            }
        }
    }

    /** True when (sa, ia) ranks before (sb, ib): higher score, then lower id. */
    private static boolean better(float sa, int ia, float sb, int ib) {
        return sa > sb || (sa == sb && ia < ib);
    }

    private void siftUp(int i) {
        int id = ids[i];
        float s = scores[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!better(scores[p], ids[p], s, id)) {
                break;
            }
            ids[i] = ids[p];
            scores[i] = scores[p];
            i = p;
        }
        ids[i] = id;
        scores[i] = s;
    }

    private void siftDown(int i) {
        int id = ids[i];
        float s = scores[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && better(scores[c], ids[c], scores[c + 1], ids[c + 1])) {
                c++;
            }
            if (!better(s, id, scores[c], ids[c])) {
                break;
            }
            ids[i] = ids[c];
            scores[i] = scores[c];
            i = c;
        }
        ids[i] = id;
        scores[i] = s;
    }
}
