package org.xmcbench.core.data;

import java.util.Arrays;

/**
 * Compressed sparse row matrix: float32 values, int32 column indices, long row pointers (so nnz beyond 2^31 does
 * not overflow). Column indices within a row are strictly ascending; that invariant is checked by every reader
 * and by {@link #checkInvariants()}, and every consumer (metrics, writers) relies on it.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final long[] indptr;
    private final BigIntArray indices;
    private final BigFloatArray values;

    public CsrMatrix(int rows, int cols, long[] indptr, BigIntArray indices, BigFloatArray values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + " x " + cols);
        }
        if (indptr.length != rows + 1) {
            throw new IllegalArgumentException("indptr has " + indptr.length + " entries, expected rows+1 = " + (rows + 1));
        }
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
    }

    /** Convenience for small matrices built in memory (tests, generators). */
    public static CsrMatrix of(int rows, int cols, long[] indptr, int[] indices, float[] values) {
        return new CsrMatrix(rows, cols, indptr, BigIntArray.wrap(indices), BigFloatArray.wrap(values));
    }

    public static CsrMatrix empty(int rows, int cols) {
        return of(rows, cols, new long[rows + 1], new int[0], new float[0]);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public long nnz() {
        return indptr[rows];
    }

    public long rowStart(int row) {
        return indptr[row];
    }

    public long rowEnd(int row) {
        return indptr[row + 1];
    }

    public int rowNnz(int row) {
        return (int) (indptr[row + 1] - indptr[row]);
    }

    public int index(long p) {
        return indices.get(p);
    }

    public float value(long p) {
        return values.get(p);
    }

    public long[] indptr() {
        return indptr;
    }

    public BigIntArray indices() {
        return indices;
    }

    public BigFloatArray values() {
        return values;
    }

    /** The given rows, in the given order, as a new matrix with the same columns. */
    public CsrMatrix selectRows(int[] rowIds) {
        CsrBuilder b = new CsrBuilder(cols, rowIds.length, 16);
        for (int r : rowIds) {
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("row " + r + " of a matrix with " + rows + " rows");
            }
            for (long p = indptr[r]; p < indptr[r + 1]; p++) {
                b.add(indices.get(p), values.get(p));
            }
            b.endRow();
        }
        return b.build();
    }

    /** Number of stored entries per column (for a label matrix: each label's frequency). */
    public long[] columnCounts() {
        long[] counts = new long[cols];
        long nnz = nnz();
        for (long p = 0; p < nnz; p++) {
            counts[indices.get(p)]++;
        }
        return counts;
    }

    /** The transpose, by counting sort (columns become rows; indices stay ascending). */
    public CsrMatrix transpose() {
        long[] counts = columnCounts();
        long[] ptr = new long[cols + 1];
        for (int c = 0; c < cols; c++) {
            ptr[c + 1] = ptr[c] + counts[c];
        }
        long nnz = nnz();
        BigIntArray idx = new BigIntArray(nnz);
        BigFloatArray val = new BigFloatArray(nnz);
        idx.setSize(nnz);
        val.setSize(nnz);
        long[] next = ptr.clone();
        for (int r = 0; r < rows; r++) {
            for (long p = indptr[r]; p < indptr[r + 1]; p++) {
                long q = next[indices.get(p)]++;
                idx.set(q, r);
                val.set(q, values.get(p));
            }
        }
        return new CsrMatrix(cols, rows, ptr, idx, val);
    }

    /**
     * Sorts each row's entries by column, in place, each value moving with its column: for a reader that accepts
     * rows in any order (predictions written best score first), before it checks the invariants. Equal columns stay
     * adjacent, for the caller to refuse.
     */
    public void sortRowsByColumn() {
        long[] keys = new long[16];
        for (int r = 0; r < rows; r++) {
            long s = indptr[r];
            int n = (int) (indptr[r + 1] - s);
            if (n > keys.length) {
                keys = new long[Math.max(n, keys.length * 2)];
            }
            boolean sorted = true;
            for (int i = 0; i < n; i++) {
                int c = indices.get(s + i);
                // column in the high half (non-negative ints sort as longs do), the value's bits in the low half
                keys[i] = (long) c << 32 | (Float.floatToRawIntBits(values.get(s + i)) & 0xffffffffL);
                sorted &= i == 0 || indices.get(s + i - 1) <= c;
            }
            if (sorted) {
                continue;
            }
            Arrays.sort(keys, 0, n);
            for (int i = 0; i < n; i++) {
                indices.set(s + i, (int) (keys[i] >>> 32));
                values.set(s + i, Float.intBitsToFloat((int) keys[i]));
            }
        }
    }

    /** Returns a description of the first broken invariant, or null when the matrix is well formed. */
    public String checkInvariants() {
        if (indptr[0] != 0) {
            return "indptr[0] is " + indptr[0] + ", expected 0";
        }
        for (int r = 0; r < rows; r++) {
            if (indptr[r + 1] < indptr[r]) {
                return "indptr decreases at row " + r;
            }
        }
        if (indices.size() < nnz() || values.size() < nnz()) {
            return "indptr declares " + nnz() + " entries but indices/data hold " + indices.size() + "/" + values.size();
        }
        for (int r = 0; r < rows; r++) {
            int prev = -1;
            for (long p = indptr[r]; p < indptr[r + 1]; p++) {
                int c = indices.get(p);
                if (c < 0 || c >= cols) {
                    return "row " + r + ": column index " + c + " outside [0, " + cols + ")";
                }
                if (c <= prev) {
                    return "row " + r + ": column indices not strictly ascending (" + prev + " then " + c + ")";
                }
                float v = values.get(p);
                if (!Float.isFinite(v)) {
                    return "row " + r + ", column " + c + ": value " + v + " is not finite";
                }
                prev = c;
            }
        }
        return null;
    }

    /** Bit-exact equality of shape, structure and float32 values. */
    public boolean sameAs(CsrMatrix o) {
        if (rows != o.rows || cols != o.cols || !Arrays.equals(indptr, o.indptr)) {
            return false;
        }
        long nnz = nnz();
        for (long p = 0; p < nnz; p++) {
            if (indices.get(p) != o.indices.get(p)
                    || Float.floatToIntBits(values.get(p)) != Float.floatToIntBits(o.values.get(p))) {
                return false;
            }
        }
        return true;
    }

    /** The same structure with every value set to 1 (ground truth is binarised before scoring). */
    public CsrMatrix binarized() {
        long nnz = nnz();
        BigFloatArray ones = new BigFloatArray(nnz);
        ones.setSize(nnz);
        for (long p = 0; p < nnz; p++) {
            ones.set(p, 1f);
        }
        return new CsrMatrix(rows, cols, indptr, indices, ones);
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows + " x " + cols + ", nnz=" + nnz() + "]";
    }
}
