package org.xmcbench.methods.neural.encoder;

import java.io.IOException;
import java.util.Map;

/**
 * Everything needed to build a pre-trained {@link TextEncoder}, before anything is loaded: its shape, where its
 * weights and tokenizer come from, and how token states are pooled.
 *
 * @param name the id or folder it was resolved from (recorded in run provenance)
 * @param config the transformer's shape
 * @param weights reads the checkpoint (ONNX initializers or safetensors) when called
 * @param tokenizerJson reads the Hugging Face {@code tokenizer.json} when called
 * @param pooling CLS, MEAN or POOLER (BERT's pooler: the checkpoint must carry {@code pooler.dense.*})
 * @param normalize whether embeddings are l2-normalised (sentence-transformers' Normalize module)
 */
public record EncoderSpec(String name, EncoderConfig config, Source<Map<String, NamedTensor>> weights,
                          Source<byte[]> tokenizerJson, Pooling pooling, boolean normalize) {

    /** The same encoder pooled another way (a method that pools as its reference does, whatever the folder says). */
    public EncoderSpec withPooling(Pooling other) {
        return new EncoderSpec(name, config, weights, tokenizerJson, other, normalize);
    }

    /** A deferred read that may fail with an I/O error naming the file. */
    @FunctionalInterface
    public interface Source<T> {
        T read() throws IOException;
    }
}
