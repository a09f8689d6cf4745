package org.xmcbench.methods.neural.dualencoder;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.search.ExactInnerProductIndex;
import org.xmcbench.methods.neural.search.HnswLabelIndex;
import org.xmcbench.methods.neural.search.LabelIndex;

/**
 * A fitted dual encoder: the (fine-tuned) encoder, the embeddings of every label, and the indexes that search
 * them. Saved as a Hugging Face model folder ({@code encoder/}), the label embeddings as raw little-endian float32
 * ({@code labels.f32}) and {@code dual-encoder.json}; the exact index is rebuilt on load (it is the matrix itself),
 * the HNSW index on first use.
 */
public final class DualEncoderModel implements TrainedModel, AutoCloseable {
    private final TextEncoder encoder;
    private final float[] labelEmbeddings;
    private final int numLabels;
    private final TextField textField;
    private final LabelIndex exact;
    private LabelIndex hnsw;
    private HnswLabelIndex.Options hnswOptions;

    public DualEncoderModel(TextEncoder encoder, float[] labelEmbeddings, int numLabels, TextField textField) {
        this.encoder = encoder;
        this.labelEmbeddings = labelEmbeddings;
        this.numLabels = numLabels;
        this.textField = textField;
        this.exact = ExactInnerProductIndex.of(labelEmbeddings, numLabels, encoder.dimension());
    }

    public TextEncoder encoder() {
        return encoder;
    }

    public TextField textField() {
        return textField;
    }

    public int numLabels() {
        return numLabels;
    }

    public LabelIndex exactIndex() {
        return exact;
    }

    /** The approximate index with these options, built on first use (and rebuilt if the options change). */
    public synchronized LabelIndex hnswIndex(HnswLabelIndex.Options options) {
        if (hnsw == null || !options.equals(hnswOptions)) {
            if (hnsw != null) {
                hnsw.close();
            }
            hnsw = HnswLabelIndex.build(labelEmbeddings, numLabels, encoder.dimension(), options);
            hnswOptions = options;
        }
        return hnsw;
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        encoder.save(dir.resolve("encoder"));
        Path tmp = dir.resolve("labels.f32.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : labelEmbeddings) {
                if (!b.hasRemaining()) {
                    b.flip();
                    ch.write(b);
                    b.clear();
                }
                b.putFloat(v);
            }
            b.flip();
            ch.write(b);
        }
        Files.move(tmp, dir.resolve("labels.f32"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("num_labels", numLabels);
        meta.put("dim", encoder.dimension());
        meta.put("max_length", encoder.maxLength());
        meta.put("text", textField.id());
        Path m = dir.resolve("dual-encoder.json.tmp");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(m.toFile(), meta);
        Files.move(m, dir.resolve("dual-encoder.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    public static DualEncoderModel load(Path dir, Device device) throws IOException {
        Path metaFile = dir.resolve("dual-encoder.json");
        if (!Files.isRegularFile(metaFile)) {
            throw new IOException(dir + ": not a dual-encoder model (no dual-encoder.json)");
        }
        JsonNode meta = new ObjectMapper().readTree(metaFile.toFile());
        int n = meta.path("num_labels").asInt(-1);
        int dim = meta.path("dim").asInt(-1);
        Path f32 = dir.resolve("labels.f32");
        long expected = 4L * n * dim;
        if (n < 0 || dim <= 0 || !Files.isRegularFile(f32) || Files.size(f32) != expected) {
            throw new IOException(f32 + ": expected " + expected + " bytes for " + n + " labels × " + dim
                    + " floats");
        }
        float[] emb = new float[n * dim];
        try (FileChannel ch = FileChannel.open(f32, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) expected).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read fully
            }
            b.flip();
            b.asFloatBuffer().get(emb);
        }
        TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(dir.resolve("encoder").toString()),
                meta.path("max_length").asInt(32), device);
        if (enc.dimension() != dim) {
            enc.close();
            throw new IOException(dir + ": encoder width " + enc.dimension() + " differs from the labels' " + dim);
        }
        return new DualEncoderModel(enc, emb, n, TextField.parse(meta.path("text").asText("title")));
    }

    @Override
    public synchronized void close() {
        exact.close();
        if (hnsw != null) {
            hnsw.close();
        }
        encoder.close();
    }
}
