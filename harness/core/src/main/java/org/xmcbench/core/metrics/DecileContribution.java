package org.xmcbench.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Which labels a method's correct top-k predictions are on, as pyxclib's {@code decile_contribution_plot} shows it:
 * labels sorted by training frequency are cut into {@code splits} bins of about equal total training frequency
 * (the most frequent labels first, a bin closed once its sum passes sum/splits; unlike pyxclib, never an empty
 * bin), and each bin's contribution is
 * its correct top-k predictions over k × rows, so the bins sum to P@k. Filter pairs are removed before ranking and
 * ties broken by ascending label id, as in {@link MetricsEngine}.
 */
public final class DecileContribution {
    /** One bin: how many labels it holds, their mean training frequency, and its share of P@k (a fraction). */
    public record Bin(int labels, double meanTrainFrequency, double contribution) {}

    private DecileContribution() {}

    /** The bins from the rarest labels to the most frequent (pyxclib's plot order, left to right). */
    public static List<Bin> of(CsrMatrix trainLabels, CsrMatrix truth, CsrMatrix pred, CsrMatrix filter, int k,
                               int splits) {
        long[] freq = trainLabels.binarized().columnCounts();
        long[] hits = new long[truth.cols()];
        int[] mark = new int[truth.cols()];
        RowRanker ranker = new RowRanker();
        for (int i = 0; i < truth.rows(); i++) {
            int stamp = i + 1;
            for (long j = truth.rowStart(i); j < truth.rowStart(i) + truth.rowNnz(i); j++) {
                mark[truth.index(j)] = stamp;
            }
            int top = Math.min(k, ranker.rank(pred, i, filter));
            for (int r = 0; r < top; r++) {
                int label = ranker.labelAt(r);
                if (label < mark.length && mark[label] == stamp) {
                    hits[label]++;
                }
            }
        }
        int labels = Math.min(freq.length, hits.length);
        // Most frequent first, ties by label id: one primitive sort of (frequency descending, label) keys, as
        // label spaces run to millions. A frequency is at most the number of training rows, an int.
        long[] order = new long[labels];
        for (int l = 0; l < labels; l++) {
            order[l] = ((long) (Integer.MAX_VALUE - freq[l]) << 32) | l;
        }
        Arrays.sort(order);
        long total = 0;
        for (int l = 0; l < labels; l++) {
            total += freq[l];
        }
        long threshold = total / splits;
        double denominator = (double) k * Math.max(truth.rows(), 1);
        List<Bin> out = new ArrayList<>();
        int binLabels = 0;
        long binFreq = 0;
        long binHits = 0;
        long cumulated = 0;
        int splitsLeft = splits - 1;
        for (long key : order) {
            int l = (int) key;
            cumulated += freq[l];
            if (cumulated > threshold && splitsLeft > 0 && binLabels > 0) {
                splitsLeft--;
                cumulated = freq[l];
                out.add(new Bin(binLabels, (double) binFreq / binLabels, binHits / denominator));
                binLabels = 0;
                binFreq = 0;
                binHits = 0;
            }
            binLabels++;
            binFreq += freq[l];
            binHits += hits[l];
        }
        if (binLabels > 0) {
            out.add(new Bin(binLabels, (double) binFreq / binLabels, binHits / denominator));
        }
        Collections.reverse(out);
        return out;
    }
}
