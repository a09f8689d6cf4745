package org.xmcbench.methods.xrtransformer;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.methods.neural.dualencoder.TextField;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.xrlinear.XrLinearModel;

/**
 * A trained XR-Transformer: the fine-tuned encoder (a Hugging Face-style folder, {@code encoder/}), the XR-Linear
 * ranker on {@code [TF-IDF ‖ embedding]} ({@code ranker/}) and {@code xr-transformer.json} (which text field the
 * encoder reads, its maximum length, the number of sparse feature columns).
 */
final class XrTransformerModel implements TrainedModel, AutoCloseable {
    private static final String META = "xr-transformer.json";

    private final TextEncoder encoder;
    private final XrLinearModel ranker;
    private final TextField textField;
    private final int sparseColumns;

    XrTransformerModel(TextEncoder encoder, XrLinearModel ranker, TextField textField, int sparseColumns) {
        this.encoder = encoder;
        this.ranker = ranker;
        this.textField = textField;
        this.sparseColumns = sparseColumns;
    }

    TextEncoder encoder() {
        return encoder;
    }

    XrLinearModel ranker() {
        return ranker;
    }

    TextField textField() {
        return textField;
    }

    int sparseColumns() {
        return sparseColumns;
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        encoder.save(dir.resolve("encoder"));
        ranker.save(dir.resolve("ranker"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("text", textField.id());
        meta.put("max_length", encoder.maxLength());
        meta.put("sparse_columns", sparseColumns);
        meta.put("dim", encoder.dimension());
        Path tmp = dir.resolve(META + ".tmp");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta);
        Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static XrTransformerModel load(Path dir, Device device) throws IOException {
        Path metaFile = dir.resolve(META);
        if (!Files.isRegularFile(metaFile)) {
            throw new IOException(dir + ": not an xr-transformer model (no " + META + ")");
        }
        JsonNode meta = new ObjectMapper().readTree(metaFile.toFile());
        int maxLength = meta.path("max_length").asInt(-1);
        int sparse = meta.path("sparse_columns").asInt(-1);
        if (maxLength < 2 || sparse < 0 || !meta.hasNonNull("text")) {
            throw new IOException(metaFile + ": needs text, max_length >= 2 and sparse_columns >= 0");
        }
        XrLinearModel ranker = XrLinearModel.load(dir.resolve("ranker"));
        TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(dir.resolve("encoder").toString()), maxLength,
                device);
        if (ranker.features() != sparse + enc.dimension()) {
            enc.close();
            throw new IOException(dir + ": the ranker expects " + ranker.features() + " features, not " + sparse
                    + " sparse + " + enc.dimension() + " embedding columns");
        }
        return new XrTransformerModel(enc, ranker, TextField.parse(meta.get("text").asText()), sparse);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
