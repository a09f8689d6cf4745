package org.xmcbench.methods.elias;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * ELIAS's trainable parts beside the encoder, as engine parameters: the cluster classifier {@code W_C} (with
 * bias), the label classifiers {@code W_L} (with bias) and, in stage 2, the logits {@code a} of the adjacency's
 * slot weights. Initialised as the released code's PyTorch modules are ({@code nn.Linear} for {@code W_C},
 * Kaiming-uniform weights and U[0,1) biases for {@code W_L}, U[0,1) logits for {@code a}), from a seeded Java
 * generator so that a run repeats. Owns its native memory.
 */
final class EliasNetwork implements AutoCloseable {
    private final NDManager manager;
    private final int dim;
    private final ClusterAdjacency adjacency;
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final boolean learnedAdjacency;
    private final float alpha;
    private final float beta;

    /**
     * @param clusterInit row-major C x (dim + 1) rows {@code [w, b]} of {@code W_C} to start from (ELIAS-2 loads
     *     ELIAS-1's), or null for a fresh layer
     */
    EliasNetwork(NDManager parent, int dim, ClusterAdjacency adjacency, boolean learnedAdjacency, float alpha,
            float beta, float[] clusterInit, long seed) {
        this.manager = parent.newSubManager();
        this.dim = dim;
        this.adjacency = adjacency;
        this.learnedAdjacency = learnedAdjacency;
        this.alpha = alpha;
        this.beta = beta;
        Random r = new Random(seed);
        int c = adjacency.clusters();
        int l = adjacency.labels();
        double linearBound = 1 / Math.sqrt(dim);
        float[] wc = new float[c * dim];
        float[] bc = new float[c];
        if (clusterInit != null) {
            if (clusterInit.length != c * (dim + 1)) {
                throw new IllegalArgumentException("cluster classifier init has " + clusterInit.length
                        + " values, expected " + c * (dim + 1));
            }
            for (int k = 0; k < c; k++) {
                System.arraycopy(clusterInit, k * (dim + 1), wc, k * dim, dim);
                bc[k] = clusterInit[k * (dim + 1) + dim];
            }
        } else {
            fillUniform(wc, -linearBound, linearBound, r);
            fillUniform(bc, -linearBound, linearBound, r);
        }
        float[] wl = new float[l * dim];
        float[] bl = new float[l];
        double kaiming = Math.sqrt(6.0 / dim);
        fillUniform(wl, -kaiming, kaiming, r);
        fillUniform(bl, 0, 1, r);
        add("WC.weight", Parameter.Type.WEIGHT, wc, new Shape(c, dim));
        add("WC.bias", Parameter.Type.BIAS, bc, new Shape(c));
        add("WL.weight", Parameter.Type.WEIGHT, wl, new Shape(l, dim));
        add("WL.bias", Parameter.Type.BIAS, bl, new Shape(l));
        if (learnedAdjacency) {
            float[] a = new float[c * adjacency.width()];
            fillUniform(a, 0, 1, r);
            add("A.logits", Parameter.Type.WEIGHT, a, new Shape(c, adjacency.width()));
        }
    }

    private static void fillUniform(float[] v, double lo, double hi, Random r) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
    }

    private void add(String name, Parameter.Type type, float[] values, Shape shape) {
        Parameter p = Parameter.builder().setName(name).setType(type).build();
        // duplicate(): an array the engine allocates itself (not a view of a Java buffer), as autograd keeps it.
        try (NDArray a = manager.create(values, shape)) {
            p.setArray(a.duplicate());
        }
        p.getArray().setRequiresGradient(true);
        params.put(name, p);
    }

    ClusterAdjacency adjacency() {
        return adjacency;
    }

    boolean learnedAdjacency() {
        return learnedAdjacency;
    }

    int dimension() {
        return dim;
    }

    /** Parameters by name: {@code WC.*} (ELIAS's "other" group), {@code WL.*} and {@code A.logits} ("wl"). */
    Map<String, Parameter> parameters() {
        return params;
    }

    /** {@code ŝ = clamp(α · softmax(W_C h + b), 0, 1)}, {@code (B, C)}. */
    NDArray clusterScores(NDArray h) {
        NDArray logits = h.matMul(params.get("WC.weight").getArray().transpose()).add(params.get("WC.bias")
                .getArray());
        return EngineScalars.mul(logits.softmax(-1), alpha).clip(0, 1);
    }

    /** Slot weights {@code (C, width)}: fixed in stage 1, {@code clamp(β · softmax_row(a), 0, 1)} in stage 2. */
    NDArray edgeWeights(NDManager m) {
        if (!learnedAdjacency) {
            return m.create(adjacency.weights(), new Shape(adjacency.clusters(), adjacency.width()));
        }
        NDArray a = params.get("A.logits").getArray();
        // Unused slots never win: their logits are pushed far down before the softmax.
        NDArray pad = m.create(padMask(), new Shape(adjacency.clusters(), adjacency.width()));
        return EngineScalars.mul(a.add(pad).softmax(-1), beta).clip(0, 1);
    }

    private float[] padMask() {
        int[] slots = adjacency.labelSlots();
        float[] mask = new float[slots.length];
        for (int i = 0; i < slots.length; i++) {
            mask[i] = slots[i] == ClusterAdjacency.PAD ? -1e4f : 0f;
        }
        return mask;
    }

    /** Label logits {@code W_L h + b}, {@code (B, L)}. */
    NDArray labelLogits(NDArray h) {
        return h.matMul(params.get("WL.weight").getArray().transpose()).add(params.get("WL.bias").getArray());
    }

    /** The current slot weights on the host, row-major clusters x width. */
    float[] edgeWeightsHost() {
        try (NDManager m = manager.newSubManager()) {
            return edgeWeights(m).toFloatArray();
        }
    }

    /** The host copy of everything inference needs. */
    HostWeights snapshot() {
        float[] edges;
        try (NDManager m = manager.newSubManager()) {
            edges = edgeWeights(m).toFloatArray();
        }
        return new HostWeights(dim, alpha, params.get("WC.weight").getArray().toFloatArray(),
                params.get("WC.bias").getArray().toFloatArray(), params.get("WL.weight").getArray().toFloatArray(),
                params.get("WL.bias").getArray().toFloatArray(), edges, adjacency);
    }

    /** {@code W_C}'s rows {@code [w, b]}, row-major C x (dim + 1): what ELIAS-2 starts from. */
    float[] clusterRows() {
        float[] w = params.get("WC.weight").getArray().toFloatArray();
        float[] b = params.get("WC.bias").getArray().toFloatArray();
        int c = adjacency.clusters();
        float[] out = new float[c * (dim + 1)];
        for (int k = 0; k < c; k++) {
            System.arraycopy(w, k * dim, out, k * (dim + 1), dim);
            out[k * (dim + 1) + dim] = b[k];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
