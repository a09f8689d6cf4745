package org.xmcbench.methods.neural.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a BERT-family encoder, as a Hugging Face {@code config.json} describes it. DistilBERT and RoBERTa
 * compute the same post-LayerNorm transformer as BERT; they differ only in parameter names (handled by
 * {@link HfParameterNames}), in having no token-type embedding (DistilBERT) and in the position offset
 * (RoBERTa counts positions from {@code pad_token_id + 1}).
 *
 * @param architecture which family's parameter names the checkpoint uses
 * @param vocabSize rows of the word-embedding table
 * @param hiddenSize width of every token representation
 * @param numLayers transformer layers
 * @param numHeads attention heads (hiddenSize must be a multiple)
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions rows of the position-embedding table
 * @param typeVocabSize rows of the token-type table, 0 when the model has none
 * @param layerNormEps epsilon of every LayerNorm
 * @param positionOffset index of the first real position (2 for RoBERTa, 0 otherwise)
 * @param dropout dropout probability on hidden states and attention weights during training
 */
public record EncoderConfig(Architecture architecture, int vocabSize, int hiddenSize, int numLayers, int numHeads,
                            int intermediateSize, int maxPositions, int typeVocabSize, float layerNormEps,
                            int positionOffset, float dropout) {

    /** Checkpoint families whose weights this encoder can take. */
    public enum Architecture { BERT, DISTILBERT, ROBERTA }

    public EncoderConfig {
        if (hiddenSize <= 0 || numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of " + numHeads
                    + " heads");
        }
        if (vocabSize <= 0 || numLayers <= 0 || intermediateSize <= 0 || maxPositions <= positionOffset) {
            throw new IllegalArgumentException("invalid encoder shape: " + this);
        }
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** all-MiniLM-L6-v2 (sentence-transformers): 6 layers, 384 wide, 12 heads. */
    public static EncoderConfig miniLmL6() {
        return new EncoderConfig(Architecture.BERT, 30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0, 0.1f);
    }

    /** Reads a Hugging Face {@code config.json}; unknown model types are an error naming the file. */
    public static EncoderConfig read(Path configJson) throws IOException {
        JsonNode n = new ObjectMapper().readTree(configJson.toFile());
        String type = n.path("model_type").asText("");
        try {
            return switch (type) {
                case "bert" -> new EncoderConfig(Architecture.BERT, req(n, "vocab_size"), req(n, "hidden_size"),
                        req(n, "num_hidden_layers"), req(n, "num_attention_heads"), req(n, "intermediate_size"),
                        n.path("max_position_embeddings").asInt(512), n.path("type_vocab_size").asInt(2),
                        (float) n.path("layer_norm_eps").asDouble(1e-12), 0,
                        (float) n.path("hidden_dropout_prob").asDouble(0.1));
                case "roberta", "xlm-roberta" -> new EncoderConfig(Architecture.ROBERTA, req(n, "vocab_size"),
                        req(n, "hidden_size"), req(n, "num_hidden_layers"), req(n, "num_attention_heads"),
                        req(n, "intermediate_size"), n.path("max_position_embeddings").asInt(514),
                        n.path("type_vocab_size").asInt(1), (float) n.path("layer_norm_eps").asDouble(1e-5),
                        n.path("pad_token_id").asInt(1) + 1, (float) n.path("hidden_dropout_prob").asDouble(0.1));
                case "distilbert" -> new EncoderConfig(Architecture.DISTILBERT, req(n, "vocab_size"), req(n, "dim"),
                        req(n, "n_layers"), req(n, "n_heads"), req(n, "hidden_dim"),
                        n.path("max_position_embeddings").asInt(512), 0, 1e-12f, 0,
                        (float) n.path("dropout").asDouble(0.1));
                default -> throw new IllegalArgumentException("model_type '" + type
                        + "' is not supported (supported: bert, distilbert, roberta, xlm-roberta)");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    private static int req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("missing or non-integer field '" + field + "'");
        }
        return v.asInt();
    }

    /** A Hugging Face {@code config.json} for this shape, so a fine-tuned encoder can be used from Python too. */
    public Map<String, Object> toHfConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (architecture) {
            case DISTILBERT -> {
                m.put("model_type", "distilbert");
                m.put("architectures", new String[] {"DistilBertModel"});
                m.put("vocab_size", vocabSize);
                m.put("dim", hiddenSize);
                m.put("n_layers", numLayers);
                m.put("n_heads", numHeads);
                m.put("hidden_dim", intermediateSize);
                m.put("max_position_embeddings", maxPositions);
                m.put("dropout", dropout);
                m.put("activation", "gelu");
            }
            default -> {
                m.put("model_type", architecture == Architecture.ROBERTA ? "roberta" : "bert");
                m.put("architectures", new String[] {architecture == Architecture.ROBERTA ? "RobertaModel"
                        : "BertModel"});
                m.put("vocab_size", vocabSize);
                m.put("hidden_size", hiddenSize);
                m.put("num_hidden_layers", numLayers);
                m.put("num_attention_heads", numHeads);
                m.put("intermediate_size", intermediateSize);
                m.put("max_position_embeddings", maxPositions);
                m.put("type_vocab_size", typeVocabSize);
                m.put("layer_norm_eps", layerNormEps);
                m.put("hidden_act", "gelu");
                m.put("hidden_dropout_prob", dropout);
                m.put("attention_probs_dropout_prob", dropout);
                if (architecture == Architecture.ROBERTA) {
                    m.put("pad_token_id", positionOffset - 1);
                }
            }
        }
        return m;
    }
}
