package org.xmcbench.core.metrics;

import org.xmcbench.core.data.CsrMatrix;

/**
 * Inverse label propensities of Jain, Prabhu and Varma (KDD 2016), computed on the TRAIN label matrix:
 * {@code C = (ln N - 1)(B + 1)^A} and {@code w_l = 1 + C (N_l + B)^-A}, with N the number of train rows and N_l
 * the number of train rows carrying label l (pyxclib {@code compute_inv_propesity}).
 */
public final class InversePropensity {
    private final double a;
    private final double b;
    private final double[] weights;

    private InversePropensity(double a, double b, double[] weights) {
        this.a = a;
        this.b = b;
        this.weights = weights;
    }

    /**
     * @param trainLabels train label matrix (values are binarised: a stored entry counts once)
     * @param numLabels number of label columns the weights must cover (the test label space; may exceed the
     *     train matrix's columns, unseen labels then get the weight of a zero-frequency label)
     */
    public static InversePropensity fromTrainLabels(CsrMatrix trainLabels, int numLabels, double a, double b) {
        long[] freq = trainLabels.columnCounts();
        int n = trainLabels.rows();
        if (n < 1) {
            throw new IllegalArgumentException("train label matrix has no rows: propensities need at least one");
        }
        double c = (Math.log(n) - 1.0) * Math.pow(b + 1.0, a);
        double[] w = new double[Math.max(numLabels, freq.length)];
        for (int l = 0; l < w.length; l++) {
            long nl = l < freq.length ? freq[l] : 0;
            w[l] = 1.0 + c * Math.pow(nl + b, -a);
        }
        return new InversePropensity(a, b, w);
    }

    public double a() {
        return a;
    }

    public double b() {
        return b;
    }

    public double weight(int label) {
        return weights[label];
    }

    public int size() {
        return weights.length;
    }
}
