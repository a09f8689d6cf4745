package org.xmcbench.methods.neural.encoder;

import ai.djl.ndarray.NDArray;

/** How token states become one text embedding: the [CLS] state (BERT, BGE) or the masked mean (MiniLM, E5). */
public enum Pooling {
    CLS, MEAN;

    /** {@code hidden (B,S,H)}, {@code mask (B,S)} → {@code (B,H)}. */
    public NDArray pool(NDArray hidden, NDArray mask) {
        if (this == CLS) {
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
            default -> throw new IllegalArgumentException("pooling must be cls or mean, got '" + s + "'");
        };
    }
}
