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
        java.util.Arrays.fill(alpha, 0, n, 0);
        b = 0;
        for (int s = 0; s < n; s++) {
            index[s] = s;
            double c = (y[s] > 0 ? cp : cn) * cost[s];
            qd[s] = 0.5 / c + x.sqNorm[s] + (bias > 0 ? bias * bias : 0);
        }
        if (x.segmentOfRow == null) {
            descend(x.ptr, x.idx, x.val, n, y, cost, cp, cn, eps, maxIter, bias, seed);
        } else {
            descendSegments(x, n, y, cost, cp, cn, eps, maxIter, bias, seed);
        }
        double[] w = this.w;
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

    /** The coordinate descent over rows in one array (the common case; kept free of any per-row indirection). */
    private void descend(int[] ptr, int[] xi, float[] xv, int n, byte[] y, double[] cost, double cp, double cn,
            double eps, int maxIter, double bias, long seed) {
        double[] alpha = this.alpha;
        double[] qd = this.qd;
        int[] index = this.index;
        double[] w = this.w;
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
                int ps = ptr[k];
                int pe = ptr[k + 1];
                for (int p = ps; p < pe; p++) {
                    dot += w[xi[p]] * xv[p];
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
                        w[xi[p]] += d * xv[p];
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
    }

    /**
     * The same descent over rows in several segments (beyond 2^31 non-zeros): each row's arrays are looked up, a
     * cost the common case must not pay, hence the separate copy of the loop.
     */
    private void descendSegments(ParentRows x, int n, byte[] y, double[] cost, double cp, double cn, double eps,
            int maxIter, double bias, long seed) {
        double[] alpha = this.alpha;
        double[] qd = this.qd;
        int[] index = this.index;
        double[] w = this.w;
        int[] segmentOf = x.segmentOfRow;
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
                int seg = segmentOf[k];
                int r = k - x.segmentFirstRow[seg];
                int[] xi = x.segmentIdx[seg];
                float[] xv = x.segmentVal[seg];
                int ps = x.segmentPtr[seg][r];
                int pe = x.segmentPtr[seg][r + 1];
                for (int p = ps; p < pe; p++) {
                    dot += w[xi[p]] * xv[p];
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
                        w[xi[p]] += d * xv[p];
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
    }
}
