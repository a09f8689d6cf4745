package org.xmcbench.methods.xrlinear;

import java.util.SplittableRandom;

/**
 * L2-regularised squared-hinge loss SVM solved in the dual by coordinate descent with shrinking (LIBLINEAR's
 * solver 1, as PECOS's L2R_L2LOSS_SVC_DUAL): diagonal {@code 1/(2C)}, no upper bound on alpha, bias as an extra
 * feature, stop when the projected-gradient gap is below {@code eps} or after {@code maxIter} passes. One instance
 * per thread: its dense weight vector (indexed by a parent's local feature ids) is reused between problems.
 */
final class DualCdSolver {
    private final double[] w;
    private double b;
    // Per-problem scratch, grown on demand and reused: a level trains thousands of small problems per thread.
    private double[] alpha = new double[0];
    private double[] qd = new double[0];
    private int[] index = new int[0];

    DualCdSolver(int features) {
        this.w = new double[features];
    }

    /**
     * Trains one classifier on the rows of {@code x} with labels {@code y} (+1/-1) and per-row costs (PECOS:
     * relevance of positives under rel_mode=induce, else 1); returns the weights above {@code threshold} in
     * absolute value as a sparse vector over the original feature ids, bias last (index = features).
     */
    SparseVector train(ParentRows x, byte[] y, double[] cost, double cp, double cn, double eps, int maxIter,
            double bias, double threshold, long seed) {
        int n = x.rows();
        if (alpha.length < n) {
            int cap = Math.max(n, alpha.length * 2);
            alpha = new double[cap];
            qd = new double[cap];
            index = new int[cap];
        }
        double[] alpha = this.alpha;
        double[] qd = this.qd;
        int[] index = this.index;
        double[] w = this.w;
        int[] ptr = x.ptr;
        int[] xi = x.idx;
        float[] xv = x.val;
        int[] segmentOf = x.segmentOfRow;
        java.util.Arrays.fill(alpha, 0, n, 0);
        b = 0;
        for (int s = 0; s < n; s++) {
            index[s] = s;
            double c = (y[s] > 0 ? cp : cn) * cost[s];
            qd[s] = 0.5 / c + x.sqNorm[s] + (bias > 0 ? bias * bias : 0);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double pgMaxOld = Double.POSITIVE_INFINITY;
        double pgMinOld = Double.NEGATIVE_INFINITY;
        int active = n;
        int iter = 0;
        while (iter < maxIter) {
            double pgMaxNew = Double.NEGATIVE_INFINITY;
            double pgMinNew = Double.POSITIVE_INFINITY;
            for (int s = active - 1; s > 0; s--) {
                int j = rng.nextInt(s + 1);
                int t = index[s];
                index[s] = index[j];
                index[j] = t;
            }
            for (int s = 0; s < active; s++) {
                int k = index[s];
                double yi = y[k];
                double dot = 0;
                int[] ri = xi;
                float[] rv = xv;
                int ps;
                int pe;
                if (segmentOf == null) {
                    ps = ptr[k];
                    pe = ptr[k + 1];
                } else {
                    // Beyond one array of non-zeros: a branch per row, nothing per entry.
                    int g = segmentOf[k];
                    int r = k - x.segmentFirstRow[g];
                    ri = x.segmentIdx[g];
                    rv = x.segmentVal[g];
                    ps = x.segmentPtr[g][r];
                    pe = x.segmentPtr[g][r + 1];
                }
                for (int p = ps; p < pe; p++) {
                    dot += w[ri[p]] * rv[p];
                }
                double c = (y[k] > 0 ? cp : cn) * cost[k];
                double diag = 0.5 / c;
                double g = yi * (dot + (bias > 0 ? b * bias : 0)) - 1 + alpha[k] * diag;
                double pg = 0;
                if (alpha[k] == 0) {
                    if (g > pgMaxOld) {
                        active--;
                        int tmp = index[s];
                        index[s] = index[active];
                        index[active] = tmp;
                        s--;
                        continue;
                    } else if (g < 0) {
                        pg = g;
                    }
                } else {
                    pg = g;
                }
                pgMaxNew = Math.max(pgMaxNew, pg);
                pgMinNew = Math.min(pgMinNew, pg);
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[k];
                    alpha[k] = Math.max(alpha[k] - g / qd[k], 0.0);
                    double d = (alpha[k] - old) * yi;
                    for (int p = ps; p < pe; p++) {
                        w[ri[p]] += d * rv[p];
                    }
                    if (bias > 0) {
                        b += d * bias;
                    }
                }
            }
            iter++;
            if (pgMaxNew - pgMinNew <= eps) {
                if (active == n) {
                    break;
                }
                active = n;
                pgMaxOld = Double.POSITIVE_INFINITY;
                pgMinOld = Double.NEGATIVE_INFINITY;
                continue;
            }
            pgMaxOld = pgMaxNew <= 0 ? Double.POSITIVE_INFINITY : pgMaxNew;
            pgMinOld = pgMinNew >= 0 ? Double.NEGATIVE_INFINITY : pgMinNew;
        }
        // Local features ascend with the original ids, so the survivors come out sorted; w is reset for reuse.
        int features = x.features();
        int kept = 0;
        for (int f = 0; f < features; f++) {
            if (w[f] != 0 && Math.abs(w[f]) >= threshold) {
                kept++;
            }
        }
        int[] outIdx = new int[kept];
        float[] outVal = new float[kept];
        for (int f = 0, o = 0; f < features; f++) {
            double v = w[f];
            if (v != 0) {
                if (Math.abs(v) >= threshold) {
                    outIdx[o] = x.globalFeature[f];
                    outVal[o++] = (float) v;
                }
                w[f] = 0;
            }
        }
        double bw = bias > 0 ? b * bias : 0;
        return new SparseVector(outIdx, outVal, Math.abs(bw) >= threshold ? (float) bw : 0f);
    }
}
