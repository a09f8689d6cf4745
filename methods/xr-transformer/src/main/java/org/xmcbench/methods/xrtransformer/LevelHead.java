package org.xmcbench.methods.xrtransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.data.TopK;
import org.xmcbench.methods.neural.search.ExactInnerProductIndex;

/**
 * The output layer of one fine-tuning level (PECOS's {@code text_model}): a weight row and a bias per cluster,
 * scoring an instance embedding {@code h} as {@code W h + b}. Owns its native memory.
 */
final class LevelHead implements AutoCloseable {
    private final NDManager manager;
    private final Parameter weight;
    private final Parameter bias;
    private final int clusters;
    private final int dim;

    /**
     * @param rows per cluster {@code [w_1 .. w_dim, b]}, e.g. a linear model's classifiers (bootstrapping)
     */
    LevelHead(NDManager parent, float[][] rows, int dim) {
        this.clusters = rows.length;
        this.dim = dim;
        this.manager = parent.newSubManager();
        float[] w = new float[clusters * dim];
        float[] b = new float[clusters];
        for (int c = 0; c < clusters; c++) {
            if (rows[c].length != dim + 1) {
                throw new IllegalArgumentException("cluster " + c + ": " + rows[c].length + " values, expected "
                        + (dim + 1));
            }
            System.arraycopy(rows[c], 0, w, c * dim, dim);
            b[c] = rows[c][dim];
        }
        weight = Parameter.builder().setName("head.weight").setType(Parameter.Type.WEIGHT).build();
        bias = Parameter.builder().setName("head.bias").setType(Parameter.Type.BIAS).build();
        // duplicate(): arrays the engine allocates itself (not views of a Java buffer), as autograd keeps them.
        try (NDArray wj = manager.create(w, new Shape(clusters, dim)); NDArray bj = manager.create(b)) {
            weight.setArray(wj.duplicate());
            bias.setArray(bj.duplicate());
        }
        weight.getArray().setRequiresGradient(true);
        bias.getArray().setRequiresGradient(true);
    }

    int clusters() {
        return clusters;
    }

    /** Scores {@code (B, clusters)} of embeddings {@code h (B, dim)}, recorded for backward when training. */
    NDArray scores(NDArray h) {
        return h.matMul(weight.getArray().transpose()).add(bias.getArray());
    }

    /**
     * The {@code k} best-scored clusters of each row-major embedding, best first (ties by lower cluster id), computed
     * without a graph and without ever holding {@code n x clusters} scores: the head as an exact inner-product index
     * over {@code [w | b]} queried by {@code [h | 1]} in row blocks, scored on the engine, selected by a primitive
     * bounded heap. What a level's matcher-aware negatives need at any pool size (a whole 640K-instance pool against
     * 4,096 clusters would be 2.6e9 scores).
     */
    int[][] topClusters(float[] embeddings, int n, int k) {
        return topClusters(embeddings, n, k, rowBlock(n, clusters, dim, k));
    }

    /** As {@link #topClusters(float[], int, int)} in blocks of {@code block} instances. */
    int[][] topClusters(float[] embeddings, int n, int k, int block) {
        checkEmbeddings(embeddings, n);
        float[] w = weight.getArray().toFloatArray();
        float[] b = bias.getArray().toFloatArray();
        float[] augmented = new float[Math.multiplyExact(clusters, dim + 1)];
        for (int c = 0; c < clusters; c++) {
            System.arraycopy(w, c * dim, augmented, c * (dim + 1), dim);
            augmented[c * (dim + 1) + dim] = b[c];
        }
        int kk = Math.min(k, clusters);
        int[][] out = new int[n][];
        float[] queries = new float[Math.multiplyExact(block, dim + 1)];
        try (ExactInnerProductIndex index = ExactInnerProductIndex.of(augmented, clusters, dim + 1)) {
            for (int from = 0; from < n; from += block) {
                int rows = Math.min(block, n - from);
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(embeddings, (from + i) * dim, queries, i * (dim + 1), dim);
                    queries[i * (dim + 1) + dim] = 1f;
                }
                TopK top = index.search(queries, rows, kk);
                for (int i = 0; i < rows; i++) {
                    int[] ids = new int[kk];
                    for (int r = 0; r < kk; r++) {
                        ids[r] = top.label(i, r);
                    }
                    out[from + i] = ids;
                }
            }
        }
        return out;
    }

    /**
     * Floats one block of {@link #topClusters} may hold in any of its arrays (its scores, its {@code [h | 1]}
     * queries, its top-k): 64 MiB, e.g. 4,096 instances against 4,096 clusters, at any pool size.
     */
    static final long BLOCK_FLOATS = 1L << 24;

    /** Instances per block: as many as keep each block array within {@link #BLOCK_FLOATS}, at least one. */
    static int rowBlock(int n, int clusters, int dim, int k) {
        long perInstance = Math.max(clusters, Math.max(dim + 1L, k));
        return (int) Math.max(1, Math.min(n, BLOCK_FLOATS / perInstance));
    }

    /**
     * Scores of row-major embeddings, computed without a graph: {@code n x clusters}, row-major. For probes of a
     * few hundred instances; a larger product than one Java array holds is refused (use {@link #topClusters}).
     * The product runs on the engine, as in training ({@link #scores(NDArray)}), where the head's arrays live.
     */
    float[] scores(float[] embeddings, int n) {
        checkEmbeddings(embeddings, n);
        long size = (long) n * clusters;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scores of " + n + " instances x " + clusters + " clusters = " + size
                    + " floats: more than one array holds; score in row blocks");
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray h = m.create(FloatBuffer.wrap(embeddings, 0, n * dim), new Shape(n, dim),
                    DataType.FLOAT32);
            // Results attach to their first operand's manager (h's, closed here); the transpose would attach to
            // the head's and live as long as it.
            NDArray wT = weight.getArray().transpose();
            wT.attach(m);
            return h.matMul(wT).add(bias.getArray()).toFloatArray();
        }
    }

    private void checkEmbeddings(float[] embeddings, int n) {
        if ((long) n * dim > embeddings.length) {
            throw new IllegalArgumentException(n + " embeddings of " + dim + " floats need " + (long) n * dim
                    + " values, got " + embeddings.length);
        }
    }

    /** The head's parameters by name, for the optimizer (weights decay, the bias does not). */
    Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(weight.getName(), weight);
        out.put(bias.getName(), bias);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
