package org.xmcbench.methods.elias;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * The label vectors ELIAS clusters ({@code gen_cluster_A}): {@code normalise(Yᵀ · X)}, the sum of the features of
 * a label's training instances, l2-normalised. (XR-Linear's PIFA normalises each row of Y first; ELIAS does not.)
 */
final class LabelCentroids {
    private LabelCentroids() {}

    static CsrMatrix of(CsrMatrix y, CsrMatrix x) {
        if (y.rows() != x.rows()) {
            throw new IllegalArgumentException(y.rows() + " label rows but " + x.rows() + " feature rows");
        }
        CsrMatrix yT = y.transpose();
        int labels = y.cols();
        int d = x.cols();
        int[][] cols = new int[labels][];
        float[][] vals = new float[labels][];
        ThreadLocal<double[]> acc = ThreadLocal.withInitial(() -> new double[d]);
        ThreadLocal<boolean[]> used = ThreadLocal.withInitial(() -> new boolean[d]);
        IntStream.range(0, labels).parallel().forEach(l -> {
            double[] a = acc.get();
            boolean[] u = used.get();
            int[] touched = new int[16];
            int nt = 0;
            for (long q = yT.rowStart(l); q < yT.rowEnd(l); q++) {
                int i = yT.index(q);
                double w = yT.value(q);
                for (long p = x.rowStart(i); p < x.rowEnd(i); p++) {
                    int f = x.index(p);
                    if (!u[f]) {
                        u[f] = true;
                        if (nt == touched.length) {
                            touched = Arrays.copyOf(touched, nt * 2);
                        }
                        touched[nt++] = f;
                    }
                    a[f] += w * x.value(p);
                }
            }
            Arrays.sort(touched, 0, nt);
            double norm = 0;
            for (int t = 0; t < nt; t++) {
                norm += a[touched[t]] * a[touched[t]];
            }
            double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            cols[l] = Arrays.copyOf(touched, nt);
            vals[l] = new float[nt];
            for (int t = 0; t < nt; t++) {
                vals[l][t] = (float) (a[touched[t]] * scale);
                a[touched[t]] = 0;
                u[touched[t]] = false;
            }
        });
        long nnz = 0;
        for (int[] c : cols) {
            nnz += c.length;
        }
        CsrBuilder b = new CsrBuilder(d, labels, nnz);
        for (int l = 0; l < labels; l++) {
            for (int t = 0; t < cols[l].length; t++) {
                if (vals[l][t] != 0) {
                    b.add(cols[l][t], vals[l][t]);
                }
            }
            b.endRow();
        }
        return b.build();
    }
}
