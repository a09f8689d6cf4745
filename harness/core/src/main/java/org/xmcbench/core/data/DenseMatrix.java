package org.xmcbench.core.data;

/** Dense row-major float32 matrix (e.g. PECOS dense features or embeddings), long-addressed like the CSR arrays. */
public final class DenseMatrix {
    private final int rows;
    private final int cols;
    private final BigFloatArray data;

    public DenseMatrix(int rows, int cols, BigFloatArray data) {
        if ((long) rows * cols > data.size()) {
            throw new IllegalArgumentException("data holds " + data.size() + " values, shape needs " + (long) rows * cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public static DenseMatrix zeros(int rows, int cols) {
        BigFloatArray a = new BigFloatArray((long) rows * cols);
        a.setSize((long) rows * cols);
        return new DenseMatrix(rows, cols, a);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public float get(int r, int c) {
        return data.get((long) r * cols + c);
    }

    public void set(int r, int c, float v) {
        data.set((long) r * cols + c, v);
    }

    public BigFloatArray data() {
        return data;
    }

    /** The dense matrix as CSR keeping every non-zero value. */
    public CsrMatrix toCsr() {
        CsrBuilder b = new CsrBuilder(cols, rows, 16);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = get(r, c);
                if (v != 0f) {
                    b.add(c, v);
                }
            }
            b.endRow();
        }
        return b.build();
    }
}
