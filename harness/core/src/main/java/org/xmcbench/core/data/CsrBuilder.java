package org.xmcbench.core.data;

/**
 * Builds a {@link CsrMatrix} row by row. The caller appends entries in ascending column order; readers check that
 * order themselves so their errors can name the file and line.
 */
public final class CsrBuilder {
    private final int cols;
    private long[] indptr;
    private int rows;
    private final BigIntArray indices;
    private final BigFloatArray values;

    public CsrBuilder(int cols, int expectedRows, long expectedNnz) {
        this.cols = cols;
        this.indptr = new long[Math.max(expectedRows, 0) + 1];
        this.indices = new BigIntArray(Math.max(expectedNnz, 16));
        this.values = new BigFloatArray(Math.max(expectedNnz, 16));
    }

    public void add(int col, float value) {
        indices.add(col);
        values.add(value);
    }

    /** Closes the current row: every entry added since the previous call belongs to it. */
    public void endRow() {
        if (rows + 1 >= indptr.length) {
            indptr = java.util.Arrays.copyOf(indptr, Math.max(indptr.length + (indptr.length >> 1), rows + 2));
        }
        indptr[++rows] = indices.size();
    }

    public int rows() {
        return rows;
    }

    public long nnz() {
        return indices.size();
    }

    public CsrMatrix build() {
        long[] ptr = indptr.length == rows + 1 ? indptr : java.util.Arrays.copyOf(indptr, rows + 1);
        return new CsrMatrix(rows, cols, ptr, indices, values);
    }

    /** Builds with an explicit column count (when it is only known at the end, e.g. inferred from data). */
    public CsrMatrix build(int columns) {
        long[] ptr = indptr.length == rows + 1 ? indptr : java.util.Arrays.copyOf(indptr, rows + 1);
        return new CsrMatrix(rows, columns, ptr, indices, values);
    }

    public int cols() {
        return cols;
    }
}
