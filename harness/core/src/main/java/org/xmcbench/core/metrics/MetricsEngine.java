package org.xmcbench.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Scores predictions against ground truth in one streaming pass over the rows, in parallel blocks whose partial
 * sums are combined in block order (so results do not depend on the thread count). Cost is O(sum of stored
 * predictions per row * log) plus O(L) for the label-space arrays.
 *
 * <p>Definitions (see {@link Dialect}): ground truth is binarised; rows with no true label stay in N; a row with
 * fewer than k predictions counts the missing slots as misses; LF filter pairs are removed before ranking; ties
 * are broken by ascending label id.
 */
public final class MetricsEngine {
    private static final int BLOCK_ROWS = 2048;
    private static final double EPS = 1e-12;

    private MetricsEngine() {}

    public static MetricReport evaluate(CsrMatrix truth, CsrMatrix pred, EvalOptions opt) {
        if (truth.rows() != pred.rows()) {
            throw new IllegalArgumentException("ground truth has " + truth.rows() + " rows but predictions have "
                    + pred.rows());
        }
        if (pred.cols() > truth.cols()) {
            throw new IllegalArgumentException("predictions have " + pred.cols() + " label columns but ground truth "
                    + "has only " + truth.cols());
        }
        if (opt.filter() != null && opt.filter().rows() > truth.rows()) {
            throw new IllegalArgumentException("filter has " + opt.filter().rows() + " rows, more than the "
                    + truth.rows() + " test rows");
        }
        InversePropensity ip = opt.propensity();
        if (ip != null && ip.size() < truth.cols()) {
            throw new IllegalArgumentException("propensities cover " + ip.size() + " labels, ground truth has "
                    + truth.cols());
        }
        int n = truth.rows();
        int k = opt.k();
        double[] discount = new double[k + 1];
        double[] cumDiscount = new double[k + 1];
        for (int r = 0; r < k; r++) {
            discount[r] = 1.0 / (Math.log(r + 2) / Math.log(2));
            cumDiscount[r + 1] = cumDiscount[r] + discount[r];
        }
        float[] top1Score = new float[n];
        boolean[] top1Correct = new boolean[n];
        // pyxclib computes recall in float32 (per-row products, then a sequential float32 mean over rows); on
        // thousands of rows that differs from the exact value by ~1e-6, so the pyxclib dialect reproduces it.
        float[] recall32 = opt.dialect() == Dialect.PYXCLIB ? new float[Math.multiplyExact(n, k)] : null;
        int numBlocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(truth.cols(), k));
        List<Partial> partials = IntStream.range(0, numBlocks).parallel()
                .mapToObj(b -> scoreBlock(b, truth, pred, opt, discount, cumDiscount, top1Score, top1Correct,
                        recall32, scratch.get()))
                .toList();

        Partial total = new Partial(k, opt.f1Threshold() != null);
        int[] bestRank = new int[truth.cols()];
        Arrays.fill(bestRank, Integer.MAX_VALUE);
        long[] tp = opt.f1Threshold() != null ? new long[truth.cols()] : null;
        long[] fp = opt.f1Threshold() != null ? new long[truth.cols()] : null;
        for (Partial p : partials) {
            total.add(p);
            for (int i = 0; i < p.hitCount; i++) {
                int label = p.hitLabels[i];
                bestRank[label] = Math.min(bestRank[label], p.hitRanks[i]);
            }
            if (tp != null) {
                for (int i = 0; i < p.positiveCount; i++) {
                    if (p.positiveCorrect[i]) {
                        tp[p.positiveLabels[i]]++;
                    } else {
                        fp[p.positiveLabels[i]]++;
                    }
                }
            }
        }
        if (recall32 != null) {
            total.recallFloat32 = pyxclibRecall(recall32, n, k);
        }
        return report(truth, opt, n, k, total, bestRank, tp, fp, top1Score, top1Correct);
    }

    private static MetricReport report(CsrMatrix truth, EvalOptions opt, int n, int k, Partial t, int[] bestRank,
            long[] tp, long[] fp, float[] top1Score, boolean[] top1Correct) {
        Map<String, Double> v = new LinkedHashMap<>();
        double nRows = Math.max(n, 1);
        long[] truthCount = truth.columnCounts();
        long distinctTrue = Arrays.stream(truthCount).filter(c -> c > 0).count();
        int[] foundAtRank = new int[k];
        for (int r : bestRank) {
            if (r < k) {
                foundAtRank[r]++;
            }
        }
        double[] coverage = new double[k];
        long found = 0;
        for (int j = 0; j < k; j++) {
            found += foundAtRank[j];
            coverage[j] = distinctTrue == 0 ? 0.0 : (double) found / distinctTrue;
        }
        boolean ps = opt.propensity() != null;
        for (int j = 0; j < k; j++) {
            String at = "@" + (j + 1);
            v.put("P" + at, t.precision[j] / nRows);
            if (opt.dialect() == Dialect.PYXCLIB) {
                v.put("nDCG" + at, t.ndcg[j] / nRows);
                if (ps) {
                    v.put("PSP" + at, ratio(t.psNum[j], t.psDen[j]));
                    v.put("PSnDCG" + at, ratio(t.psnNum[j], t.psnDen[j]));
                }
            }
            v.put("R" + at, t.recallFloat32 != null ? (double) t.recallFloat32[j] : t.recall[j] / nRows);
            v.put("hits" + at, t.hits[j] / nRows);
            v.put("MRR" + at, t.mrr[j] / nRows);
            v.put("coverage" + at, coverage[j]);
        }
        List<MetricReport.PrecisionCoveragePoint> curve = precisionCoverageCurve(top1Score, top1Correct);
        for (double p : opt.precisionTargets()) {
            v.put(String.format(java.util.Locale.ROOT, "coverage_at_precision@%.2f", p), coverageAtPrecision(curve, p));
        }
        if (tp != null) {
            addF1(v, opt.f1Threshold(), truthCount, tp, fp);
        }
        Double a = ps ? opt.propensity().a() : null;
        Double b = ps ? opt.propensity().b() : null;
        return new MetricReport(opt.dialect(), a, b, n, k, opt.filter() != null, v, curve);
    }

    /** numpy's {@code mean(axis=0)} of a float32 (n x k) array: sequential float32 sums, then a float32 divide. */
    private static float[] pyxclibRecall(float[] perRow, int n, int k) {
        float[] sum = new float[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                sum[j] += perRow[i * k + j];
            }
        }
        for (int j = 0; j < k; j++) {
            sum[j] = n == 0 ? 0f : sum[j] / (float) n;
        }
        return sum;
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }

    /** Micro F1 over all (row, label) decisions; macro F1 over labels that are true or predicted somewhere. */
    private static void addF1(Map<String, Double> v, double threshold, long[] truthCount, long[] tp, long[] fp) {
        long sTp = 0;
        long sFp = 0;
        long sFn = 0;
        double macro = 0;
        int used = 0;
        for (int l = 0; l < tp.length; l++) {
            long fn = truthCount[l] - tp[l];
            sTp += tp[l];
            sFp += fp[l];
            sFn += fn;
            if (tp[l] + fp[l] + fn > 0) {
                macro += 2.0 * tp[l] / (2.0 * tp[l] + fp[l] + fn);
                used++;
            }
        }
        String t = String.format(java.util.Locale.ROOT, "@%s", stripZeros(threshold));
        v.put("F1-micro" + t, sTp + sFp + sFn == 0 ? 0.0 : 2.0 * sTp / (2.0 * sTp + sFp + sFn));
        v.put("F1-macro" + t, used == 0 ? 0.0 : macro / used);
    }

    private static String stripZeros(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * The precision-coverage curve of top-1 scores, one point per distinct score (descending): a threshold t covers
     * every row whose top-1 score is >= t (equal scores fall on the same side); coverage is over ALL rows, rows
     * without predictions are never covered.
     */
    static List<MetricReport.PrecisionCoveragePoint> precisionCoverageCurve(float[] top1Score, boolean[] correct) {
        int n = top1Score.length;
        long[] keys = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(top1Score[i])) {
                keys[m++] = ((long) RowRanker.descendingKey(top1Score[i]) << 32) | i;
            }
        }
        Arrays.sort(keys, 0, m);
        List<MetricReport.PrecisionCoveragePoint> curve = new ArrayList<>();
        long covered = 0;
        long right = 0;
        int j = 0;
        while (j < m) {
            float s = top1Score[(int) keys[j]];
            while (j < m && Float.compare(top1Score[(int) keys[j]], s) == 0) {
                covered++;
                if (correct[(int) keys[j]]) {
                    right++;
                }
                j++;
            }
            curve.add(new MetricReport.PrecisionCoveragePoint(s, (double) covered / n, (double) right / covered));
        }
        return curve;
    }

    /** The largest coverage whose covered rows have precision >= p; 0 when no threshold qualifies. */
    static double coverageAtPrecision(List<MetricReport.PrecisionCoveragePoint> curve, double p) {
        double best = 0;
        for (MetricReport.PrecisionCoveragePoint pt : curve) {
            if (pt.precision() + EPS >= p) {
                best = Math.max(best, pt.coverage());
            }
        }
        return best;
    }

    private static Partial scoreBlock(int block, CsrMatrix truth, CsrMatrix pred, EvalOptions opt, double[] discount,
            double[] cumDiscount, float[] top1Score, boolean[] top1Correct, float[] recall32, Scratch s) {
        int k = opt.k();
        Partial part = new Partial(k, opt.f1Threshold() != null);
        InversePropensity ip = opt.propensity();
        int from = block * BLOCK_ROWS;
        int to = Math.min(truth.rows(), from + BLOCK_ROWS);
        for (int i = from; i < to; i++) {
            int stamp = i + 1;
            long ts = truth.rowStart(i);
            int nTrue = truth.rowNnz(i);
            for (int j = 0; j < nTrue; j++) {
                s.mark[truth.index(ts + j)] = stamp;
            }
            int m = s.ranker.rank(pred, i, opt.filter());
            int top = Math.min(k, m);
            if (m == 0) {
                top1Score[i] = Float.NaN;
            } else {
                top1Score[i] = s.ranker.scoreAt(0);
                top1Correct[i] = s.mark[s.ranker.labelAt(0)] == stamp;
            }
            int idealPositions = Math.min(nTrue, k);
            if (ip != null) {
                if (nTrue > s.trueWeights.length) {
                    s.trueWeights = new double[nTrue * 2];
                }
                // The best achievable ordering for PS metrics: this row's true labels by weight, descending.
                for (int j = 0; j < nTrue; j++) {
                    s.trueWeights[j] = ip.weight(truth.index(ts + j));
                }
                sortDescending(s, nTrue);
            }
            int hits = 0;
            int firstHit = -1;
            double dcg = 0;
            double psSum = 0;
            double psDcg = 0;
            double idealPs = 0;
            double idealPsDcg = 0;
            double idealNorm;
            for (int r = 0; r < k; r++) {
                if (r < top) {
                    int label = s.ranker.labelAt(r);
                    if (s.mark[label] == stamp) {
                        hits++;
                        if (firstHit < 0) {
                            firstHit = r;
                        }
                        dcg += discount[r];
                        part.recordHit(label, r);
                        if (ip != null) {
                            double w = ip.weight(label);
                            psSum += w;
                            psDcg += w * discount[r];
                        }
                    }
                }
                if (ip != null && r < nTrue) {
                    idealPs += s.trueWeights[r];
                    idealPsDcg += s.trueWeights[r] * discount[r];
                }
                int kk = r + 1;
                idealNorm = cumDiscount[Math.min(idealPositions, kk)];
                part.precision[r] += (double) hits / kk;
                part.recall[r] += (double) hits / Math.max(nTrue, 1);
                if (recall32 != null) {
                    recall32[i * k + r] = (float) hits * (1f / (float) Math.max(nTrue, 1));
                }
                if (hits > 0) {
                    part.hits[r] += 1;
                    part.mrr[r] += 1.0 / (firstHit + 1);
                    part.ndcg[r] += dcg / idealNorm;
                }
                if (ip != null) {
                    part.psNum[r] += psSum / kk;
                    part.psDen[r] += idealPs / kk;
                    if (nTrue > 0) {
                        part.psnNum[r] += psDcg / idealNorm;
                        part.psnDen[r] += idealPsDcg / idealNorm;
                    }
                }
            }
            if (opt.f1Threshold() != null) {
                double t = opt.f1Threshold();
                for (int r = 0; r < m; r++) {
                    if (s.ranker.scoreAt(r) < t) {
                        break;
                    }
                    int label = s.ranker.labelAt(r);
                    part.recordPositive(label, s.mark[label] == stamp);
                }
            }
        }
        return part;
    }

    private static void sortDescending(Scratch s, int n) {
        Arrays.sort(s.trueWeights, 0, n);
        for (int a = 0, b = n - 1; a < b; a++, b--) {
            double tmp = s.trueWeights[a];
            s.trueWeights[a] = s.trueWeights[b];
            s.trueWeights[b] = tmp;
        }
    }

    /** Per-thread scratch: label stamps (row id + 1 marks "true for this row") and the ranker. */
    private static final class Scratch {
        final int[] mark;
        final RowRanker ranker = new RowRanker();
        double[] trueWeights;

        Scratch(int numLabels, int k) {
            mark = new int[numLabels];
            trueWeights = new double[Math.max(16, k)];
        }
    }

    /** Partial sums of one block of rows. */
    private static final class Partial {
        final double[] precision;
        final double[] recall;
        final double[] ndcg;
        final double[] hits;
        final double[] mrr;
        final double[] psNum;
        final double[] psDen;
        final double[] psnNum;
        final double[] psnDen;
        float[] recallFloat32;
        int[] hitLabels = new int[256];
        int[] hitRanks = new int[256];
        int hitCount;
        int[] positiveLabels;
        boolean[] positiveCorrect;
        int positiveCount;

        Partial(int k, boolean f1) {
            precision = new double[k];
            recall = new double[k];
            ndcg = new double[k];
            hits = new double[k];
            mrr = new double[k];
            psNum = new double[k];
            psDen = new double[k];
            psnNum = new double[k];
            psnDen = new double[k];
            if (f1) {
                positiveLabels = new int[256];
                positiveCorrect = new boolean[256];
            }
        }

        void recordHit(int label, int rank) {
            if (hitCount == hitLabels.length) {
                hitLabels = Arrays.copyOf(hitLabels, hitCount * 2);
                hitRanks = Arrays.copyOf(hitRanks, hitCount * 2);
            }
            hitLabels[hitCount] = label;
            hitRanks[hitCount++] = rank;
        }

        void recordPositive(int label, boolean correct) {
            if (positiveCount == positiveLabels.length) {
                positiveLabels = Arrays.copyOf(positiveLabels, positiveCount * 2);
                positiveCorrect = Arrays.copyOf(positiveCorrect, positiveCount * 2);
            }
            positiveLabels[positiveCount] = label;
            positiveCorrect[positiveCount++] = correct;
        }

        void add(Partial o) {
            for (int j = 0; j < precision.length; j++) {
                precision[j] += o.precision[j];
                recall[j] += o.recall[j];
                ndcg[j] += o.ndcg[j];
                hits[j] += o.hits[j];
                mrr[j] += o.mrr[j];
                psNum[j] += o.psNum[j];
                psDen[j] += o.psDen[j];
                psnNum[j] += o.psnNum[j];
                psnDen[j] += o.psnDen[j];
            }
        }
    }
}
