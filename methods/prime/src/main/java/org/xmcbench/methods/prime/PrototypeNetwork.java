package org.xmcbench.methods.prime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.xmcbench.methods.neural.encoder.EngineScalars;

/**
 * PRIME's Label Prototype Network: a label's representation is one transformer encoder layer (PyTorch's
 * {@code TransformerEncoderLayer}: post-LayerNorm, GELU, dropout) run over the bag of three vectors [its text
 * embedding, its free vector, its centroid], mean-pooled over the three outputs and l2-normalised.
 *
 * <p>Free vectors are learnable and shared many-to-one: {@code vectorOf[label]} maps each label to one of the bank's
 * rows. Centroids are one per label, not learned by gradient: a frozen parameter (so checkpoints keep them) that
 * the trainer updates by a moving average ({@link #updateCentroids}).
 *
 * <p>Input: label text embeddings {@code (B,H)} and label ids {@code (B)} int64. Output: {@code (B,H)}.
 */
final class PrototypeNetwork extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final float LN_EPS = 1e-5f;

    private final int dim;
    private final int heads;
    private final float dropout;
    private final int[] vectorOf;
    private final Parameter freeVectors;
    private final Parameter centroids;
    private final Parameter inW;
    private final Parameter inB;
    private final Parameter outW;
    private final Parameter outB;
    private final Parameter ln1W;
    private final Parameter ln1B;
    private final Parameter ff1W;
    private final Parameter ff1B;
    private final Parameter ff2W;
    private final Parameter ff2B;
    private final Parameter ln2W;
    private final Parameter ln2B;

    /**
     * @param vectorOf free-vector row of each label (length = number of labels)
     * @param numVectors rows of the free-vector bank
     */
    PrototypeNetwork(int dim, int heads, int feedForward, float dropout, int[] vectorOf, int numVectors) {
        super(VERSION);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("lpn_heads=" + heads + " does not divide the embedding width " + dim);
        }
        this.dim = dim;
        this.heads = heads;
        this.dropout = dropout;
        this.vectorOf = vectorOf.clone();
        freeVectors = weight("lpn.free_vectors", new Shape(numVectors, dim));
        centroids = addParameter(Parameter.builder().setName("lpn.centroids").setType(Parameter.Type.OTHER)
                .optShape(new Shape(vectorOf.length, dim)).optInitializer(new ConstantInitializer(0f))
                .optRequiresGrad(false).build());
        inW = weight("lpn.self_attn.in_proj_weight", new Shape(3L * dim, dim));
        inB = bias("lpn.self_attn.in_proj_bias", 3 * dim);
        outW = weight("lpn.self_attn.out_proj.weight", new Shape(dim, dim));
        outB = bias("lpn.self_attn.out_proj.bias", dim);
        ln1W = gamma("lpn.norm1.weight", dim);
        ln1B = bias("lpn.norm1.bias", dim);
        ff1W = weight("lpn.linear1.weight", new Shape(feedForward, dim));
        ff1B = bias("lpn.linear1.bias", feedForward);
        ff2W = weight("lpn.linear2.weight", new Shape(dim, feedForward));
        ff2B = bias("lpn.linear2.bias", dim);
        ln2W = gamma("lpn.norm2.weight", dim);
        ln2B = bias("lpn.norm2.bias", dim);
    }

    // Xavier-uniform weights (PyTorch's init of the attention projections and of PRIME's free vectors), zero biases.
    private Parameter weight(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                        XavierInitializer.FactorType.AVG, 3f)).build());
    }

    private Parameter bias(String name, int size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(size))
                .optInitializer(new ConstantInitializer(0f)).build());
    }

    private Parameter gamma(String name, int size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.GAMMA).optShape(new Shape(size))
                .optInitializer(new ConstantInitializer(1f)).build());
    }

    int numLabels() {
        return vectorOf.length;
    }

    int numVectors() {
        return (int) freeVectors.getArray().getShape().get(0);
    }

    int[] vectorOf() {
        return vectorOf.clone();
    }

    /** Sets every label's centroid (row-major {@code L × H}), e.g. to the mean of its training queries. */
    void setCentroids(float[] rows) {
        NDArray c = centroids.getArray();
        try (NDArray v = c.getManager().create(rows, c.getShape())) {
            c.set(new NDIndex(":"), v);
        }
    }

    float[] centroids() {
        return centroids.getArray().toFloatArray();
    }

    /**
     * Moving-average update of the centroids of {@code labels} towards the (normalised) query embeddings that
     * sampled them, in batch order: c ← normalise(β·c + (1 − β)·q). With {@code released}, the released code's
     * update instead: the new value is computed from the centroid itself, so only the re-normalisation remains.
     */
    void updateCentroids(int[] labels, float[] queries, float beta, boolean released) {
        NDArray bank = centroids.getArray();
        NDManager m = bank.getManager();
        for (int i = 0; i < labels.length; i++) {
            float[] c = bank.get(labels[i]).toFloatArray();
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float target = released ? c[j] : queries[i * dim + j];
                c[j] = beta * c[j] + (1 - beta) * target;
                norm += (double) c[j] * c[j];
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < dim; j++) {
                c[j] *= inv;
            }
            try (NDArray row = m.create(c)) {
                bank.set(new NDIndex(labels[i]), row);
            }
        }
    }

    /** Frees the native memory of the parameters (they belong to the encoder's manager otherwise). */
    void close() {
        getParameters().values().forEach(Parameter::close);
    }

    /** Final label representations {@code (B,H)} of the given labels from their text embeddings. */
    NDArray forward(NDManager stepManager, NDArray text, int[] labels, boolean training) {
        long[] ids = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ids[i] = labels[i];
        }
        NDArray labelIds = stepManager.create(ids).toDevice(text.getDevice(), false);
        return forward(new ParameterStore(stepManager, false), new NDList(text, labelIds), training)
                .singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray text = inputs.get(0);
        NDArray labels = inputs.get(1);
        NDManager m = text.getManager();
        Device d = text.getDevice();
        long b = text.getShape().get(0);
        long[] vec = new long[(int) b];
        long[] lab = labels.toLongArray();
        for (int i = 0; i < vec.length; i++) {
            vec[i] = vectorOf[(int) lab[i]];
        }
        NDArray free = Embedding.embedding(m.create(vec).toDevice(d, false), ps.getValue(freeVectors, d, training),
                SparseFormat.DENSE).singletonOrThrow();
        NDArray centroid = Embedding.embedding(labels, ps.getValue(centroids, d, training), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray x = NDArrays.stack(new NDList(text, free, centroid), 1); // (B,3,H)
        float drop = training ? dropout : 0f;
        int hs = dim / heads;
        NDArray qkv = Linear.linear(x, ps.getValue(inW, d, training), ps.getValue(inB, d, training))
                .singletonOrThrow(); // (B,3,3H)
        NDArray q = split(qkv.get(":, :, 0:" + dim), b, heads, hs);
        NDArray k = split(qkv.get(":, :, " + dim + ":" + 2 * dim), b, heads, hs);
        NDArray v = split(qkv.get(":, :, " + 2 * dim + ":"), b, heads, hs);
        NDArray attn = EngineScalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), (float) (1 / Math.sqrt(hs))).softmax(-1);
        attn = dropout(attn, drop);
        NDArray ctx = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, 3, dim);
        NDArray a = Linear.linear(ctx, ps.getValue(outW, d, training), ps.getValue(outB, d, training))
                .singletonOrThrow();
        x = norm(x.add(dropout(a, drop)), ps, ln1W, ln1B, training);
        NDArray inner = dropout(Activation.gelu(Linear.linear(x, ps.getValue(ff1W, d, training),
                ps.getValue(ff1B, d, training)).singletonOrThrow()), drop);
        NDArray out = Linear.linear(inner, ps.getValue(ff2W, d, training), ps.getValue(ff2B, d, training))
                .singletonOrThrow();
        x = norm(x.add(dropout(out, drop)), ps, ln2W, ln2B, training);
        NDArray pooled = x.mean(new int[] {1});
        return new NDList(l2Normalize(pooled));
    }

    static NDArray l2Normalize(NDArray x) {
        return x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
    }

    private static NDArray split(NDArray x, long b, int heads, int hs) {
        return x.reshape(b, 3, heads, hs).transpose(0, 2, 1, 3);
    }

    private NDArray norm(NDArray x, ParameterStore ps, Parameter w, Parameter bias, boolean training) {
        Device d = x.getDevice();
        return LayerNorm.layerNorm(x, new Shape(dim), ps.getValue(w, d, training), ps.getValue(bias, d, training),
                LN_EPS).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float rate) {
        return rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
