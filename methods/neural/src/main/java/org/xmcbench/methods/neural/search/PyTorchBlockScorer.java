package org.xmcbench.methods.neural.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The {@link ExactBackend#PYTORCH} path: label blocks live as engine arrays; a query batch is multiplied with each
 * block by the engine's BLAS and reduced with the engine's {@code topK}, so only {@code batch x k} values cross
 * into Java per block instead of {@code batch x blockSize}. PyTorch's {@code topK} orders ties arbitrarily, so a
 * row where more than k scores reach the k-th value is copied whole and resolved by {@link TopKHeap}'s
 * lower-id-first rule; the result is then exact for the engine's scores.
 *
 * <p>The engine holds its own copy of the embeddings (native memory, {@code numLabels x dim} floats) next to the
 * Java copy that saving uses. Not thread-safe: one search at a time (the engine parallelises the product itself).
 * The engine's summation order differs from the Java kernel's, so scores can differ in the last bits.
 */
final class PyTorchBlockScorer implements AutoCloseable {
    /** Labels per engine block: a 256-query score block is then 16 MiB. */
    static final int BLOCK_LABELS = 16384;

    private final NDManager manager;
    private final NDArray[] blocks;
    private final int[] firstLabel;
    private final int dim;

    PyTorchBlockScorer(TransposedLabelBlocks labels) {
        this.dim = labels.dim();
        this.manager = NDManager.newBaseManager("PyTorch");
        int total = labels.numLabels();
        int nb = (total + BLOCK_LABELS - 1) / BLOCK_LABELS;
        this.blocks = new NDArray[nb];
        this.firstLabel = new int[nb];
        float[] rows = new float[Math.min(total, BLOCK_LABELS) * dim];
        for (int b = 0; b < nb; b++) {
            int first = b * BLOCK_LABELS;
            int n = Math.min(BLOCK_LABELS, total - first);
            for (int l = 0; l < n; l++) {
                labels.copyRow(first + l, rows, l * dim);
            }
            float[] data = n * dim == rows.length ? rows : Arrays.copyOf(rows, n * dim);
            // A (dim x n) transposed view of the (n x dim) rows, shared storage: BLAS takes the transpose as a flag.
            blocks[b] = manager.create(data, new Shape(n, dim)).transpose();
            firstLabel[b] = first;
        }
    }

    /**
     * Offers, for each query {@code q} of the batch {@code [q0, q0+nq)}, the best {@code k} labels of every block
     * to {@code heaps[q - q0]}.
     */
    void score(float[] queries, int q0, int nq, int k, TopKHeap[] heaps) {
        try (NDManager batch = manager.newSubManager()) {
            float[] qData = Arrays.copyOfRange(queries, q0 * dim, (q0 + nq) * dim);
            NDArray q = batch.create(qData, new Shape(nq, dim));
            for (int b = 0; b < blocks.length; b++) {
                NDArray block = blocks[b];
                int n = (int) block.getShape().get(1);
                int kb = Math.min(k, n);
                NDArray s = q.matMul(block);
                NDList top = s.topK(kb, 1, true, true);
                float[] vals = top.get(0).toFloatArray();
                long[] idx = top.get(1).toLongArray();
                NDArray kth = top.get(0).get(new NDIndex(":, " + (kb - 1) + ":" + kb));
                long[] reaching = s.gte(kth).sum(new int[] {1}).toLongArray();
                for (int r = 0; r < nq; r++) {
                    TopKHeap h = heaps[r];
                    if (reaching[r] > kb) {
                        float[] row = s.get(r).toFloatArray();
                        h.offerAll(row, 0, n, firstLabel[b]);
                    } else {
                        for (int i = 0; i < kb; i++) {
                            h.offer(firstLabel[b] + (int) idx[r * kb + i], vals[r * kb + i]);
                        }
                    }
                }
                s.close();
                top.close();
                kth.close();
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
