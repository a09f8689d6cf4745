package org.xmcbench.datasets.io;

import java.nio.file.Path;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;

/**
 * What a sparse reader accepts as the order of a row's columns. Dataset files must be {@link #ASCENDING} (the
 * formats say so, and pyxclib and PECOS rely on it). Prediction files may come in {@link #ANY} order: PECOS's
 * {@code sorted_csr} and most tools write each row best score first; such a row is sorted by column on load, and a
 * duplicated or out-of-range column is still refused.
 */
public enum RowOrder {
    ASCENDING,
    ANY;

    /**
     * Sorts every row of a freshly read matrix by column and refuses a column that appears twice in a row.
     *
     * @param firstLine the line of row 0 in a text file (rows are named "line N"), or 0 to name them "row N"
     */
    static CsrMatrix sortRows(CsrMatrix m, Path file, long firstLine) throws DataFormatException {
        m.sortRowsByColumn();
        for (int r = 0; r < m.rows(); r++) {
            for (long p = m.rowStart(r) + 1; p < m.rowEnd(r); p++) {
                if (m.index(p) == m.index(p - 1)) {
                    throw new DataFormatException(file, firstLine > 0 ? "line " + (firstLine + r) : "row " + r,
                            "column " + m.index(p) + " appears twice in the row");
                }
            }
        }
        return m;
    }
}
