package org.xmcbench.core.ensemble;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Combines several methods' prediction matrices with PECOS's {@code CsrEnsembler} rules (usable for any methods):
 * <ul>
 *   <li>{@code average}: mean of the scores (a missing entry counts 0);</li>
 *   <li>{@code rank_average}: each member's entry gets relevance {@code mm - rank} (rank 0-based in that member's
 *       row, best first; {@code mm} the largest row length over all members), averaged;</li>
 *   <li>{@code sigmoid_average}: mean of sigmoid(score) over stored entries;</li>
 *   <li>{@code softmax_average}: row-wise softmax over each member's stored entries, averaged;</li>
 *   <li>{@code round_robin}: member m's relevance plus {@code (M - m) / (M + 1)}, element-wise maximum over members,
 *       divided by M (so the first member wins ties of rank).</li>
 * </ul>
 * Ranks order a row by score descending, ties by ascending label id, as everywhere in xmcbench.
 */
public final class Ensembler {
    /** The combination rules. */
    public enum Rule {
        AVERAGE, RANK_AVERAGE, SIGMOID_AVERAGE, SOFTMAX_AVERAGE, ROUND_ROBIN;

        public static Rule parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown ensemble rule '" + s + "' (average, rank_average, "
                        + "sigmoid_average, softmax_average, round_robin)");
            }
        }
    }

    private Ensembler() {}

    public static CsrMatrix combine(List<CsrMatrix> members, Rule rule) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("nothing to ensemble");
        }
        CsrMatrix first = members.get(0);
        for (CsrMatrix m : members) {
            if (m.rows() != first.rows() || m.cols() != first.cols()) {
                throw new IllegalArgumentException("members differ in shape: " + first + " vs " + m);
            }
        }
        int count = members.size();
        int mm = 0;
        for (CsrMatrix m : members) {
            for (int r = 0; r < m.rows(); r++) {
                mm = Math.max(mm, m.rowNnz(r));
            }
        }
        CsrBuilder out = new CsrBuilder(first.cols(), first.rows(), first.nnz());
        double base = 1.0 / (count + 1.0);
        for (int r = 0; r < first.rows(); r++) {
            TreeMap<Integer, Double> acc = new TreeMap<>();
            for (int k = 0; k < count; k++) {
                CsrMatrix m = members.get(k);
                double[] value = memberValues(m, r, rule, mm);
                long s = m.rowStart(r);
                for (int j = 0; j < value.length; j++) {
                    int label = m.index(s + j);
                    double v = value[j];
                    if (rule == Rule.ROUND_ROBIN) {
                        double shifted = v + (count - k) * base;
                        acc.merge(label, shifted, Math::max);
                    } else {
                        acc.merge(label, v, Double::sum);
                    }
                }
            }
            for (var e : acc.entrySet()) {
                out.add(e.getKey(), (float) (e.getValue() / count));
            }
            out.endRow();
        }
        return out.build();
    }

    /** One member's transformed values for row r, in the row's (column-sorted) storage order. */
    private static double[] memberValues(CsrMatrix m, int r, Rule rule, int mm) {
        int n = m.rowNnz(r);
        long s = m.rowStart(r);
        double[] v = new double[n];
        switch (rule) {
            case AVERAGE -> {
                for (int j = 0; j < n; j++) {
                    v[j] = m.value(s + j);
                }
            }
            case SIGMOID_AVERAGE -> {
                for (int j = 0; j < n; j++) {
                    v[j] = 1 / (1 + Math.exp(-m.value(s + j)));
                }
            }
            case SOFTMAX_AVERAGE -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, m.value(s + j));
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    v[j] = Math.exp(m.value(s + j) - max);
                    sum += v[j];
                }
                for (int j = 0; j < n; j++) {
                    v[j] /= sum;
                }
            }
            case RANK_AVERAGE, ROUND_ROBIN -> {
                Integer[] order = new Integer[n];
                for (int j = 0; j < n; j++) {
                    order[j] = j;
                }
                // Column-sorted storage, so a stable sort on -score breaks ties by ascending label id.
                Arrays.sort(order, (a, b) -> Float.compare(m.value(s + b), m.value(s + a)));
                for (int rank = 0; rank < n; rank++) {
                    v[order[rank]] = mm - rank;
                }
            }
            default -> throw new IllegalStateException(rule.toString());
        }
        return v;
    }
}
