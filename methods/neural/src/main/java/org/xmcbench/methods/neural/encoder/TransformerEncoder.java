package org.xmcbench.methods.neural.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Hugging Face–compatible BERT encoder as one DJL block. DJL's own {@code BertBlock} uses BatchNorm and a
 * different residual, so pre-trained weights cannot go into it; this block computes what HF's {@code BertModel}
 * computes (post-LayerNorm layers, erf GELU, additive attention mask) and names its parameters exactly as HF's
 * checkpoints do (without the {@code bert.} prefix), so loading is a name lookup.
 *
 * <p>Input: {@code input_ids (B,S)}, {@code attention_mask (B,S)} (1 = token, 0 = padding) and optionally
 * {@code token_type_ids (B,S)}, all int64. Output: the last hidden states {@code (B,S,H)}. Built with a pooler, it
 * also holds BERT's {@code pooler.dense} ({@link #pooled}).
 */
public final class TransformerEncoder extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Added to the attention logits of padding: large enough that softmax gives them exactly 0 in float32. */
    private static final float MASKED_LOGIT = -1e9f;
    /** The names of BERT's pooler parameters start with this. */
    static final String POOLER_PREFIX = "pooler.";

    private final EncoderConfig config;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter typeEmbeddings;
    private final Parameter embLnWeight;
    private final Parameter embLnBias;
    private final List<Layer> layers = new ArrayList<>();
    private final Parameter poolerW;
    private final Parameter poolerB;

    /** The parameters of one transformer layer. */
    private record Layer(Parameter qW, Parameter qB, Parameter kW, Parameter kB, Parameter vW, Parameter vB,
                         Parameter oW, Parameter oB, Parameter ln1W, Parameter ln1B, Parameter iW, Parameter iB,
                         Parameter fW, Parameter fB, Parameter ln2W, Parameter ln2B) {}

    public TransformerEncoder(EncoderConfig config) {
        this(config, false);
    }

    /** With {@code pooler}, also BERT's pooler ({@code pooler.dense}, applied by {@link #pooled}). */
    public TransformerEncoder(EncoderConfig config, boolean pooler) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        wordEmbeddings = weight("embeddings.word_embeddings.weight", new Shape(config.vocabSize(), h));
        positionEmbeddings = weight("embeddings.position_embeddings.weight", new Shape(config.maxPositions(), h));
        typeEmbeddings = config.typeVocabSize() > 0
                ? weight("embeddings.token_type_embeddings.weight", new Shape(config.typeVocabSize(), h)) : null;
        embLnWeight = gamma("embeddings.LayerNorm.weight", h);
        embLnBias = beta("embeddings.LayerNorm.bias", h);
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            int f = config.intermediateSize();
            layers.add(new Layer(
                    weight(p + "attention.self.query.weight", new Shape(h, h)), beta(p + "attention.self.query.bias", h),
                    weight(p + "attention.self.key.weight", new Shape(h, h)), beta(p + "attention.self.key.bias", h),
                    weight(p + "attention.self.value.weight", new Shape(h, h)), beta(p + "attention.self.value.bias", h),
                    weight(p + "attention.output.dense.weight", new Shape(h, h)),
                    beta(p + "attention.output.dense.bias", h),
                    gamma(p + "attention.output.LayerNorm.weight", h), beta(p + "attention.output.LayerNorm.bias", h),
                    weight(p + "intermediate.dense.weight", new Shape(f, h)), beta(p + "intermediate.dense.bias", f),
                    weight(p + "output.dense.weight", new Shape(h, f)), beta(p + "output.dense.bias", h),
                    gamma(p + "output.LayerNorm.weight", h), beta(p + "output.LayerNorm.bias", h)));
        }
        poolerW = pooler ? weight(POOLER_PREFIX + "dense.weight", new Shape(h, h)) : null;
        poolerB = pooler ? beta(POOLER_PREFIX + "dense.bias", h) : null;
    }

    public boolean hasPooler() {
        return poolerW != null;
    }

    /** BERT's pooler output {@code tanh(W h_CLS + b)} {@code (B,H)} from the last hidden states {@code (B,S,H)}. */
    public NDArray pooled(ParameterStore ps, NDArray hidden, boolean training) {
        if (!hasPooler()) {
            throw new IllegalStateException("this encoder was built without BERT's pooler");
        }
        return linear(hidden.get(":, 0, :"), ps, poolerW, poolerB, training).tanh();
    }

    public EncoderConfig config() {
        return config;
    }

    /** Parameter names in the order a checkpoint lists them. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.keySet()));
    }

    public Parameter parameter(String name) {
        return parameters.get(name);
    }

    /** Stops (or restarts) gradient flow into the word-embedding table: the largest single tensor by far. */
    public void freezeWordEmbeddings(boolean freeze) {
        wordEmbeddings.freeze(freeze);
    }

    // BERT's initialisation: N(0, 0.02) weights, zero biases, unit LayerNorm scales.
    private Parameter weight(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new NormalInitializer(0.02f)).build());
    }

    private Parameter beta(String name, int size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(size))
                .optInitializer(new ConstantInitializer(0f)).build());
    }

    private Parameter gamma(String name, int size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.GAMMA).optShape(new Shape(size))
                .optInitializer(new ConstantInitializer(1f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(statesFrom(ps, statesBelow(ps, inputs, 0, training), inputs.get(1), 0, training));
    }

    /**
     * The hidden states {@code (B,S,H)} entering layer {@code layer} (0: the embeddings' output). With the layers
     * below frozen these states never change, so they can be computed once and cached ({@link LowerLayerCache}).
     */
    public NDArray statesBelow(ParameterStore ps, NDList inputs, int layer, boolean training) {
        NDArray ids = inputs.get(0);
        NDManager m = ids.getManager();
        long seq = ids.getShape().get(1);
        if (seq + config.positionOffset() > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + seq + " exceeds the model's "
                    + (config.maxPositions() - config.positionOffset()) + " positions");
        }
        var device = ids.getDevice();
        NDArray x = Embedding.embedding(ids, ps.getValue(wordEmbeddings, device, training), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray positions = m.arange(config.positionOffset(), config.positionOffset() + (int) seq, 1, DataType.INT64,
                device);
        x = x.add(Embedding.embedding(positions, ps.getValue(positionEmbeddings, device, training), SparseFormat.DENSE)
                .singletonOrThrow());
        if (typeEmbeddings != null) {
            NDArray types = inputs.size() > 2 ? inputs.get(2) : m.zeros(ids.getShape(), DataType.INT64, device);
            x = x.add(Embedding.embedding(types, ps.getValue(typeEmbeddings, device, training), SparseFormat.DENSE)
                    .singletonOrThrow());
        }
        x = layerNorm(x, ps, embLnWeight, embLnBias, training);
        x = dropout(x, training ? config.dropout() : 0f);
        return runLayers(ps, x, inputs.get(1), 0, layer, training);
    }

    /** The last hidden states {@code (B,S,H)} from the states entering {@code layer} and the attention mask. */
    public NDArray statesFrom(ParameterStore ps, NDArray states, NDArray mask, int layer, boolean training) {
        return runLayers(ps, states, mask, layer, layers.size(), training);
    }

    /** Freezes the embeddings and every layer below {@code layer} (0: nothing frozen but what was already). */
    public void freezeBelow(int layer) {
        if (layer < 0 || layer > layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + layers.size() + "]");
        }
        if (layer == 0) {
            return;
        }
        for (Parameter p : new Parameter[] {wordEmbeddings, positionEmbeddings, typeEmbeddings, embLnWeight,
                embLnBias}) {
            if (p != null) {
                p.freeze(true);
            }
        }
        for (Layer l : layers.subList(0, layer)) {
            for (Parameter p : new Parameter[] {l.qW, l.qB, l.kW, l.kB, l.vW, l.vB, l.oW, l.oB, l.ln1W, l.ln1B, l.iW,
                    l.iB, l.fW, l.fB, l.ln2W, l.ln2B}) {
                p.freeze(true);
            }
        }
    }

    private NDArray runLayers(ParameterStore ps, NDArray x, NDArray mask, int from, int to, boolean training) {
        long batch = x.getShape().get(0);
        long seq = x.getShape().get(1);
        float drop = training ? config.dropout() : 0f;
        // (B,1,1,S): 0 for tokens, a large negative logit for padding.
        NDArray maskBias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED_LOGIT)
                .reshape(batch, 1, 1, seq);
        int heads = config.numHeads();
        int hs = config.headSize();
        float scale = (float) (1.0 / Math.sqrt(hs));
        for (Layer l : layers.subList(from, to)) {
            NDArray q = heads(linear(x, ps, l.qW, l.qB, training), batch, seq, heads, hs);
            NDArray k = heads(linear(x, ps, l.kW, l.kB, training), batch, seq, heads, hs);
            NDArray v = heads(linear(x, ps, l.vW, l.vB, training), batch, seq, heads, hs);
            NDArray attn = EngineScalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), scale).add(maskBias).softmax(-1);
            attn = dropout(attn, drop);
            NDArray ctx = attn.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, config.hiddenSize());
            NDArray a = dropout(linear(ctx, ps, l.oW, l.oB, training), drop);
            x = layerNorm(a.add(x), ps, l.ln1W, l.ln1B, training);
            NDArray inner = Activation.gelu(linear(x, ps, l.iW, l.iB, training));
            NDArray out = dropout(linear(inner, ps, l.fW, l.fB, training), drop);
            x = layerNorm(out.add(x), ps, l.ln2W, l.ln2B, training);
        }
        return x;
    }

    private static NDArray heads(NDArray x, long batch, long seq, int heads, int hs) {
        return x.reshape(batch, seq, heads, hs).transpose(0, 2, 1, 3);
    }

    private static NDArray linear(NDArray x, ParameterStore ps, Parameter w, Parameter b, boolean training) {
        var d = x.getDevice();
        return Linear.linear(x, ps.getValue(w, d, training), ps.getValue(b, d, training)).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, ParameterStore ps, Parameter w, Parameter b, boolean training) {
        var d = x.getDevice();
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), ps.getValue(w, d, training),
                ps.getValue(b, d, training), config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float rate) {
        return rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }
}
