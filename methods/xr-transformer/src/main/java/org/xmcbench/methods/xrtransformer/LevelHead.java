package org.xmcbench.methods.xrtransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Scores of row-major embeddings, computed without a graph: {@code n x clusters}, row-major. */
    float[] scores(float[] embeddings, int n) {
        float[] w = weight.getArray().toFloatArray();
        float[] b = bias.getArray().toFloatArray();
        float[] out = new float[n * clusters];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int c = 0; c < clusters; c++) {
                double s = b[c];
                for (int j = 0; j < dim; j++) {
                    s += embeddings[i * dim + j] * w[c * dim + j];
                }
                out[i * clusters + c] = (float) s;
            }
        });
        return out;
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
