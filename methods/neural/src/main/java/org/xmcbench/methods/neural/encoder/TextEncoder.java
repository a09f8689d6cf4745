package org.xmcbench.methods.neural.encoder;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A pre-trained text encoder ready to embed or fine-tune: tokenizer + {@link TransformerEncoder} + pooling (+ l2
 * normalisation). Owns the native memory of its parameters; close it when done.
 */
public final class TextEncoder implements AutoCloseable {
    /** Our settings file in a saved model folder (pooling, normalisation, maximum length). */
    public static final String SETTINGS_FILE = "xmcbench-encoder.json";

    private final String name;
    private final TransformerEncoder block;
    private final HuggingFaceTokenizer tokenizer;
    private final byte[] tokenizerJson;
    private final Pooling pooling;
    private final boolean normalize;
    private final int maxLength;
    private final long padId;
    private final NDManager manager;
    private final Device device;

    private TextEncoder(String name, TransformerEncoder block, byte[] tokenizerJson, Pooling pooling,
                        boolean normalize, int maxLength, NDManager manager, Device device) throws IOException {
        this.name = name;
        this.block = block;
        this.tokenizerJson = tokenizerJson;
        this.pooling = pooling;
        this.normalize = normalize;
        this.maxLength = maxLength;
        this.manager = manager;
        this.device = device;
        this.padId = block.config().architecture() == EncoderConfig.Architecture.ROBERTA
                ? block.config().positionOffset() - 1 : 0;
        int limit = block.config().maxPositions() - block.config().positionOffset();
        if (maxLength < 2 || maxLength > limit) {
            throw new IllegalArgumentException("max length " + maxLength + " must be in [2, " + limit + "]");
        }
        this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
                "addSpecialTokens", "true", "truncation", "true", "padding", "false",
                "maxLength", String.valueOf(maxLength)));
    }

    /** Builds the encoder a spec describes and loads its pre-trained weights. */
    public static TextEncoder load(EncoderSpec spec, int maxLength, Device device) throws IOException {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            TransformerEncoder block = new TransformerEncoder(spec.config(), spec.pooling() == Pooling.POOLER);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2));
            EncoderWeights.load(block, spec.weights().read(), spec.name());
            return new TextEncoder(spec.name(), block, spec.tokenizerJson().read(), spec.pooling(), spec.normalize(),
                    maxLength, manager, device);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A randomly initialised encoder of the given shape (BERT's init, seeded): for from-scratch runs and tests. */
    public static TextEncoder random(EncoderConfig config, byte[] tokenizerJson, Pooling pooling, boolean normalize,
                                     int maxLength, Device device, long seed) throws IOException {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        TransformerEncoder block = new TransformerEncoder(config, pooling == Pooling.POOLER);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2));
        return new TextEncoder("random", block, tokenizerJson, pooling, normalize, maxLength, manager, device);
    }

    public String name() {
        return name;
    }

    public TransformerEncoder block() {
        return block;
    }

    public int dimension() {
        return block.config().hiddenSize();
    }

    public int maxLength() {
        return maxLength;
    }

    public Device device() {
        return device;
    }

    public NDManager manager() {
        return manager;
    }

    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (String n : block.parameterNames()) {
            out.add(block.parameter(n));
        }
        return out;
    }

    /** Token ids (with special tokens, truncated to the maximum length) of each text. */
    public List<long[]> tokenize(List<String> texts) {
        List<long[]> ids = new ArrayList<>(texts.size());
        for (String t : texts) {
            Encoding e = tokenizer.encode(t == null ? "" : t);
            ids.add(e.getIds());
        }
        return ids;
    }

    public TokenBatch batch(List<long[]> idRows) {
        List<long[]> types = new ArrayList<>(idRows.size());
        for (long[] r : idRows) {
            types.add(new long[r.length]);
        }
        return TokenBatch.of(idRows, types, padId);
    }

    /**
     * Embeddings {@code (B,H)} of a batch; with {@code training} the graph is kept for backward (call inside a
     * gradient collector) and dropout is active. Intermediate arrays belong to {@code stepManager}.
     */
    public NDArray forward(NDManager stepManager, TokenBatch batch, boolean training) {
        return forward(stepManager, batch, training, normalize);
    }

    /**
     * As {@link #forward(NDManager, TokenBatch, boolean)}, l2-normalised or not whatever the encoder's setting (a
     * head that takes the raw pooled output, as PECOS's XR-Transformer matcher does).
     */
    public NDArray forward(NDManager stepManager, TokenBatch batch, boolean training, boolean l2) {
        NDList in = batch.toNDList(stepManager, device);
        ParameterStore ps = new ParameterStore(stepManager, false);
        return pool(block.forward(ps, in, training).singletonOrThrow(), in.get(1), training, l2);
    }

    /**
     * Text embeddings {@code (B,H)} from last hidden states {@code (B,S,H)} and the mask: pooling (through BERT's
     * pooler if the encoder pools with it; {@code training} as for the layers), l2 if set.
     */
    public NDArray poolAndNormalize(NDArray hidden, NDArray mask, boolean training) {
        return pool(hidden, mask, training, normalize);
    }

    /** As {@link #poolAndNormalize}, then l2 when {@code l2} whatever the encoder's setting. */
    public NDArray pool(NDArray hidden, NDArray mask, boolean training, boolean l2) {
        NDArray e = pooling == Pooling.POOLER
                ? block.pooled(new ParameterStore(hidden.getManager(), false), hidden, training)
                : pooling.pool(hidden, mask);
        return l2 ? Pooling.l2Normalize(e) : e;
    }

    /** Whether this encoder's embeddings are l2-normalised (its saved setting). */
    public boolean normalizes() {
        return normalize;
    }

    /**
     * Embeds texts for inference, row-major {@code texts.size() × dimension()}. Texts are sorted by token length
     * and batched, so a batch pads to similar lengths; the output keeps the input order.
     */
    public float[] embed(List<String> texts, int batchSize) {
        return embedTokenized(tokenize(texts), batchSize, null);
    }

    /** As {@link #embed}, reporting each finished batch's size to {@code progress} (may be null). */
    public float[] embedTokenized(List<long[]> ids, int batchSize, java.util.function.IntConsumer progress) {
        return embedTokenized(ids, batchSize, progress, normalize);
    }

    /** As {@link #embedTokenized(List, int, java.util.function.IntConsumer)}, l2-normalised only when {@code l2}. */
    public float[] embedTokenized(List<long[]> ids, int batchSize, java.util.function.IntConsumer progress,
            boolean l2) {
        int n = ids.size();
        int dim = dimension();
        float[] out = new float[n * dim];
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<long[]> rows = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                rows.add(ids.get(order[i]));
            }
            try (NDManager step = manager.newSubManager()) {
                float[] e = forward(step, batch(rows), false, l2).toFloatArray();
                for (int i = from; i < to; i++) {
                    System.arraycopy(e, (i - from) * dim, out, order[i] * dim, dim);
                }
            }
            if (progress != null) {
                progress.accept(to - from);
            }
        }
        return out;
    }

    /**
     * Writes a model folder that {@link EncoderResolver} (and Hugging Face transformers) can load: config.json,
     * model.safetensors, tokenizer.json and our pooling settings.
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        SafetensorsFile.write(dir.resolve("model.safetensors"), EncoderWeights.export(block),
                Map.of("format", "pt"));
        writeAtomically(dir.resolve("config.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(block.config().toHfConfig()));
        writeAtomically(dir.resolve("tokenizer.json"), tokenizerJson);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pooling", pooling.name().toLowerCase(java.util.Locale.ROOT));
        settings.put("normalize", normalize);
        settings.put("max_length", maxLength);
        settings.put("base", name);
        writeAtomically(dir.resolve(SETTINGS_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
