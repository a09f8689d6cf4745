package org.xmcbench.datasets.io;

import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.BigIntArray;
import org.xmcbench.core.data.CsrMatrix;

/** Transposes a CSR matrix by counting sort (columns become rows, indices stay ascending). */
final class Transpose {
    private Transpose() {}

    static CsrMatrix of(CsrMatrix m) {
        long[] counts = m.columnCounts();
        long[] ptr = new long[m.cols() + 1];
        for (int c = 0; c < m.cols(); c++) {
            ptr[c + 1] = ptr[c] + counts[c];
        }
        long nnz = m.nnz();
        BigIntArray idx = new BigIntArray(nnz);
        BigFloatArray val = new BigFloatArray(nnz);
        idx.setSize(nnz);
        val.setSize(nnz);
        long[] next = ptr.clone();
        for (int r = 0; r < m.rows(); r++) {
            for (long p = m.rowStart(r); p < m.rowEnd(r); p++) {
                long q = next[m.index(p)]++;
                idx.set(q, r);
                val.set(q, m.value(p));
            }
        }
        return new CsrMatrix(m.cols(), m.rows(), ptr, idx, val);
    }
}
