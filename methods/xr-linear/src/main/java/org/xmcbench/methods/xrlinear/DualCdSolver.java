package org.xmcbench.methods.xrlinear;

import java.util.SplittableRandom;
import org.xmcbench.core.data.CsrMatrix;

/**
 * L2-regularised squared-hinge loss SVM solved in the dual by coordinate descent with shrinking (LIBLINEAR's
 * solver 1, as PECOS's L2R_L2LOSS_SVC_DUAL): diagonal {@code 1/(2C)}, no upper bound on alpha, bias as an extra
 * feature, stop when the projected-gradient gap is below {@code eps} or after {@code maxIter} passes. One instance
 * per thread: its dense weight vector is reused between problems.
 */
final class DualCdSolver {
    private final double[] w;
    private double b;

    DualCdSolver(int features) {
        this.w = new double[features];
    }

    /**
     * Trains one classifier on {@code rows} of {@code x} with labels {@code y} (+1/-1) and per-instance costs
     * (PECOS: relevance of positives under rel_mode=induce, else 1); returns the weights above
     * {@code threshold} in absolute value as a sparse vector, bias last (index = features).
     */
    SparseVector train(CsrMatrix x, int[] rows, byte[] y, double[] cost, int n, double cp, double cn, double eps,
            int maxIter, double bias, double threshold, long seed) {
        int[] xi = x.indices().singleChunkOrNull();
        float[] xv = x.values().singleChunkOrNull();
        if (xi == null || xv == null) {
            throw new IllegalArgumentException("feature matrices beyond 2^30 non-zeros are not supported by the "
                    + "XR-Linear solver yet");
        }
        long[] ptr = x.indptr();
        double[] alpha = new double[n];
        double[] qd = new double[n];
        int[] index = new int[n];
        b = 0;
        for (int s = 0; s < n; s++) {
            index[s] = s;
            double c = (y[s] > 0 ? cp : cn) * cost[s];
            double xx = 0;
            int i = rows[s];
            for (int p = (int) ptr[i], e = (int) ptr[i + 1]; p < e; p++) {
                xx += (double) xv[p] * xv[p];
            }
            qd[s] = 0.5 / c + xx + (bias > 0 ? bias * bias : 0);
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
                int i = rows[k];
                double yi = y[k];
                double dot = 0;
                int ps = (int) ptr[i];
                int pe = (int) ptr[i + 1];
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
        // Collect the surviving weights (only features seen in these rows can be non-zero) and reset w.
        SparseVector.Builder out = new SparseVector.Builder();
        for (int s = 0; s < n; s++) {
            int i = rows[s];
            for (int p = (int) ptr[i], e = (int) ptr[i + 1]; p < e; p++) {
                int f = xi[p];
                double v = w[f];
                if (v != 0) {
                    if (Math.abs(v) >= threshold) {
                        out.add(f, (float) v);
                    }
                    w[f] = 0;
                }
            }
        }
        double bw = bias > 0 ? b * bias : 0;
        return out.build(Math.abs(bw) >= threshold ? (float) bw : 0f);
    }
}
