package org.xmcbench.methods.elias;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.methods.neural.dualencoder.TextField;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.xrlinear.PostProcessor;
import org.xmcbench.methods.xrlinear.ShortlistRanker;

/**
 * A trained ELIAS: the fine-tuned encoder ({@code encoder/}), the index and classifiers ({@code index.bin}), the
 * optional sparse ranker of ELIAS++ ({@code ranker/}) and {@code elias.json} (text field, maximum length, BoW
 * columns, how many of ELIAS's labels the ranker re-scores).
 */
final class EliasModel implements TrainedModel, AutoCloseable {
    private static final String META = "elias.json";
    private static final String INDEX = "index.bin";

    private final TextEncoder encoder;
    private final HostWeights index;
    private final TextField textField;
    private final ShortlistRanker ranker;
    private final int bowColumns;
    private final int rankerTopk;

    EliasModel(TextEncoder encoder, HostWeights index, TextField textField, ShortlistRanker ranker, int bowColumns,
            int rankerTopk) {
        this.encoder = encoder;
        this.index = index;
        this.textField = textField;
        this.ranker = ranker;
        this.bowColumns = bowColumns;
        this.rankerTopk = rankerTopk;
    }

    TextEncoder encoder() {
        return encoder;
    }

    HostWeights index() {
        return index;
    }

    boolean hasRanker() {
        return ranker != null;
    }

    /**
     * Top {@code k} labels of queries: ELIAS's search over the index, then, with {@code rerank} and a ranker, its
     * top {@code rankerTopk} re-scored by the sparse ranker (PECOS {@code l3-hinge}: the ranker's transformed score
     * times ELIAS's).
     */
    TopK predict(float[] embeddings, CsrMatrix bow, int k, int beam, int shortlist, boolean rerank) {
        int n = embeddings.length / index.dim();
        if (!rerank || ranker == null) {
            return index.search(embeddings, n, beam, shortlist, k);
        }
        if (bow == null) {
            throw new IllegalArgumentException("ELIAS++ re-ranks with the queries' BoW features, which are missing");
        }
        TopK first = index.search(embeddings, n, beam, shortlist, Math.max(k, rankerTopk));
        CsrMatrix features = EliasFeatures.of(embeddings, index.dim(), bow, bowColumns);
        return ranker.rerank(features, first, k, PostProcessor.parse("l3-hinge"));
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        encoder.save(dir.resolve("encoder"));
        Path tmpIndex = dir.resolve(INDEX + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmpIndex),
                1 << 20))) {
            index.write(out);
        }
        Files.move(tmpIndex, dir.resolve(INDEX), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        if (ranker != null) {
            ranker.save(dir.resolve("ranker"));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("text", textField.id());
        meta.put("max_length", encoder.maxLength());
        meta.put("bow_columns", bowColumns);
        meta.put("ranker_topk", rankerTopk);
        meta.put("ranker", ranker != null);
        Path tmp = dir.resolve(META + ".tmp");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta);
        Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static EliasModel load(Path dir, Device device) throws IOException {
        Path metaFile = dir.resolve(META);
        if (!Files.isRegularFile(metaFile)) {
            throw new IOException(dir + ": not an ELIAS model (no " + META + ")");
        }
        JsonNode meta = new ObjectMapper().readTree(metaFile.toFile());
        int maxLength = meta.path("max_length").asInt(-1);
        int bow = meta.path("bow_columns").asInt(-1);
        if (maxLength < 2 || bow < 0 || !meta.hasNonNull("text")) {
            throw new IOException(metaFile + ": needs text, max_length >= 2 and bow_columns >= 0");
        }
        HostWeights index;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve(INDEX)), 1 << 20))) {
            index = HostWeights.read(in);
        } catch (IOException e) {
            throw new IOException(dir.resolve(INDEX) + ": " + e.getMessage(), e);
        }
        ShortlistRanker ranker = meta.path("ranker").asBoolean(false) ? ShortlistRanker.load(dir.resolve("ranker"))
                : null;
        TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(dir.resolve("encoder").toString()), maxLength,
                device);
        if (enc.dimension() != index.dim()) {
            enc.close();
            throw new IOException(dir + ": the index expects embeddings of dimension " + index.dim() + ", the encoder"
                    + " gives " + enc.dimension());
        }
        return new EliasModel(enc, index, TextField.parse(meta.get("text").asText()), ranker, bow,
                meta.path("ranker_topk").asInt(100));
    }

    TextField textField() {
        return textField;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
