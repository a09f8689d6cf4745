package org.xmcbench.methods.xrlinear;

import java.util.stream.IntStream;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * PIFA label embeddings (positive instance feature aggregation): with the rows of Y l2-normalised,
 * {@code z_l = normalise(sum_i y_il x_i)}.
 */
/** Public: XR-Transformer builds its label trees from PIFA too. */
public final class Pifa {
    private Pifa() {}

    public static CsrMatrix embed(CsrMatrix x, CsrMatrix y) {
        CsrMatrix labelsToInstances = y.transpose();
        int d = x.cols();
        int labels = y.cols();
        float[][] rows = new float[labels][];
        int[][] cols = new int[labels][];
        double[] rowNorm = new double[y.rows()];
        for (int i = 0; i < y.rows(); i++) {
            double s = 0;
            for (long p = y.rowStart(i); p < y.rowEnd(i); p++) {
                s += (double) y.value(p) * y.value(p);
            }
            rowNorm[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
        }
        ThreadLocal<double[]> acc = ThreadLocal.withInitial(() -> new double[d]);
        ThreadLocal<int[]> touchedHolder = ThreadLocal.withInitial(() -> new int[d]);
        IntStream.range(0, labels).parallel().forEach(l -> {
            double[] a = acc.get();
            int[] touched = touchedHolder.get();
            int nt = 0;
            for (long q = labelsToInstances.rowStart(l); q < labelsToInstances.rowEnd(l); q++) {
                int i = labelsToInstances.index(q);
                double w = labelsToInstances.value(q) * rowNorm[i];
                for (long p = x.rowStart(i); p < x.rowEnd(i); p++) {
                    int f = x.index(p);
                    if (a[f] == 0) {
                        touched[nt++] = f;
                    }
                    a[f] += w * x.value(p);
                    if (a[f] == 0) {
                        a[f] = Double.MIN_VALUE; // keep it marked as touched
                    }
                }
            }
            java.util.Arrays.sort(touched, 0, nt);
            double norm = 0;
            for (int j = 0; j < nt; j++) {
                norm += a[touched[j]] * a[touched[j]];
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            int[] c = new int[nt];
            float[] v = new float[nt];
            for (int j = 0; j < nt; j++) {
                c[j] = touched[j];
                v[j] = (float) (a[touched[j]] * inv);
                a[touched[j]] = 0;
            }
            cols[l] = c;
            rows[l] = v;
        });
        CsrBuilder b = new CsrBuilder(d, labels, 16);
        for (int l = 0; l < labels; l++) {
            for (int j = 0; j < cols[l].length; j++) {
                b.add(cols[l][j], rows[l][j]);
            }
            b.endRow();
        }
        return b.build();
    }
}
