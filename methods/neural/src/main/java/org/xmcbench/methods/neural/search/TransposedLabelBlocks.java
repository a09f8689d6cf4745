package org.xmcbench.methods.neural.search;

/**
 * The label embeddings cut into blocks of {@code blockSize} consecutive labels, each stored transposed
 * ({@code dim x n}, label index fastest). The transposed layout turns scoring into AXPY updates
 * {@code out[l] += q[j] * block[j][l]} over contiguous memory, a loop HotSpot's C2 vectorises (a dot-product loop
 * is a float reduction, which it does not), and a block is sized to stay in the L2 cache while a batch of queries
 * streams past it. Separate arrays per block also lift the 2^31-element cap of one Java array.
 */
final class TransposedLabelBlocks {
    /** Floats per block that fit comfortably in a 1 MiB L2 next to the query tile: 768 KiB. */
    static final int TARGET_BLOCK_FLOATS = 192 * 1024;

    private final int numLabels;
    private final int dim;
    private final int blockSize;
    private final float[][] blocks;

    TransposedLabelBlocks(float[] rowMajor, int numLabels, int dim, int blockSize) {
        if (numLabels < 0 || dim <= 0 || blockSize <= 0) {
            throw new IllegalArgumentException(
                    "need numLabels >= 0, dim > 0, blockSize > 0; got " + numLabels + ", " + dim + ", " + blockSize);
        }
        if ((long) numLabels * dim > rowMajor.length) {
            throw new IllegalArgumentException(
                    "embeddings hold " + rowMajor.length + " values, " + numLabels + " x " + dim + " needed");
        }
        this.numLabels = numLabels;
        this.dim = dim;
        this.blockSize = blockSize;
        int nb = (int) (((long) numLabels + blockSize - 1) / blockSize);
        this.blocks = new float[nb][];
        for (int b = 0; b < nb; b++) {
            int first = b * blockSize;
            int n = Math.min(blockSize, numLabels - first);
            float[] t = new float[n * dim];
            for (int l = 0; l < n; l++) {
                int src = (first + l) * dim;
                for (int j = 0; j < dim; j++) {
                    float v = rowMajor[src + j];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("label " + (first + l) + " has a non-finite value");
                    }
                    t[j * n + l] = v;
                }
            }
            blocks[b] = t;
        }
    }

    /** A block size whose transposed block is about {@link #TARGET_BLOCK_FLOATS}, a multiple of 16 lanes. */
    static int defaultBlockSize(int dim) {
        return Math.max(16, TARGET_BLOCK_FLOATS / Math.max(1, dim) / 16 * 16);
    }

    int numLabels() {
        return numLabels;
    }

    int dim() {
        return dim;
    }

    int blockSize() {
        return blockSize;
    }

    int numBlocks() {
        return blocks.length;
    }

    /** Block {@code b}, {@code dim x blockLength(b)}, label index fastest. */
    float[] block(int b) {
        return blocks[b];
    }

    int firstLabel(int b) {
        return b * blockSize;
    }

    int blockLength(int b) {
        return Math.min(blockSize, numLabels - b * blockSize);
    }

    /** Copies label {@code label}'s embedding into {@code out[off..off+dim)} (for saving and tests). */
    void copyRow(int label, float[] out, int off) {
        int b = label / blockSize;
        int l = label - b * blockSize;
        int n = blockLength(b);
        float[] t = blocks[b];
        for (int j = 0; j < dim; j++) {
            out[off + j] = t[j * n + l];
        }
    }
}
