package org.xmcbench.core.data;

import java.util.Arrays;

/**
 * A block of top-k predictions: for each of n rows, up to k label ids with their scores, best first (score
 * descending, ties by ascending label id). A row with fewer than k predictions is padded with label {@link #PAD}.
 */
public final class TopK {
    public static final int PAD = -1;

    private final int rows;
    private final int k;
    private final int[] labels;
    private final float[] scores;

    public TopK(int rows, int k) {
        long size = (long) rows * k;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("top-k block " + rows + " x " + k + " is too large for one block");
        }
        this.rows = rows;
        this.k = k;
        this.labels = new int[(int) size];
        this.scores = new float[(int) size];
        Arrays.fill(labels, PAD);
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    public int label(int row, int rank) {
        return labels[row * k + rank];
    }

    public float score(int row, int rank) {
        return scores[row * k + rank];
    }

    public void set(int row, int rank, int label, float score) {
        labels[row * k + rank] = label;
        scores[row * k + rank] = score;
    }

    /** Number of real (non-padding) predictions in a row. */
    public int count(int row) {
        int n = 0;
        while (n < k && labels[row * k + n] != PAD) {
            n++;
        }
        return n;
    }

    /** The block as a CSR matrix over {@code numLabels} columns (column-sorted rows), e.g. to write a .npz. */
    /** Bit-exact equality of shape, labels and scores (e.g. to tell whether two fits gave the same model). */
    public boolean sameAs(TopK o) {
        if (rows() != o.rows() || k() != o.k()) {
            return false;
        }
        for (int r = 0; r < rows(); r++) {
            for (int i = 0; i < k(); i++) {
                if (label(r, i) != o.label(r, i) || Float.floatToIntBits(score(r, i)) != Float.floatToIntBits(
                        o.score(r, i))) {
                    return false;
                }
            }
        }
        return true;
    }

    public CsrMatrix toCsr(int numLabels) {
        CsrBuilder b = new CsrBuilder(numLabels, rows, (long) rows * k);
        Integer[] order = new Integer[k];
        for (int r = 0; r < rows; r++) {
            int n = count(r);
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            final int row = r;
            Arrays.sort(order, 0, n, (a, c) -> Integer.compare(label(row, a), label(row, c)));
            for (int j = 0; j < n; j++) {
                b.add(label(r, order[j]), score(r, order[j]));
            }
            b.endRow();
        }
        return b.build();
    }
}
