package org.xmcbench.methods.neural.encoder;

import ai.djl.ndarray.NDArray;

/**
 * How token states become one text embedding: the [CLS] state (BERT, BGE), the masked mean (MiniLM, E5), or BERT's
 * pooler over the [CLS] state ({@code tanh(W h + b)}, Hugging Face's {@code pooler_output}, which PECOS's
 * XR-Transformer feeds its heads; its weights live in {@link TransformerEncoder}).
 */
public enum Pooling {
    CLS, MEAN, POOLER;

    /**
     * {@code hidden (B,S,H)}, {@code mask (B,S)} → {@code (B,H)}; for {@link #POOLER} the [CLS] state the pooler's
     * dense layer then takes ({@link TransformerEncoder#pooled}).
     */
    public NDArray pool(NDArray hidden, NDArray mask) {
        if (this == CLS || this == POOLER) {
            return hidden.get(":, 0, :");
        }
        NDArray m = mask.toType(hidden.getDataType(), false).expandDims(2);
        NDArray counts = m.sum(new int[] {1}).maximum(1e-9f);
        return hidden.mul(m).sum(new int[] {1}).div(counts);
    }

    /** Divides each row by its l2 norm (as sentence-transformers' Normalize: norms clamped at 1e-12). */
    public static NDArray l2Normalize(NDArray x) {
        return x.div(EngineScalars.maximum(x.norm(new int[] {1}, true), 1e-12f));
    }

    public static Pooling parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "cls" -> CLS;
            case "mean" -> MEAN;
            case "pooler" -> POOLER;
            default -> throw new IllegalArgumentException("pooling must be cls, mean or pooler, got '" + s + "'");
        };
    }
}
