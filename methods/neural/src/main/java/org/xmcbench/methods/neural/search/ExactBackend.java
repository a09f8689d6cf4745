package org.xmcbench.methods.neural.search;

/**
 * Which code computes the score blocks of {@link ExactInnerProductIndex}. Both feed the same per-query heaps, so
 * they return the same labels up to the float rounding of the matrix product (and a different order only among
 * labels whose scores differ in the last bits).
 */
public enum ExactBackend {
    /**
     * Pure-Java blocked kernel ({@link InnerProductKernel}): no native memory, scores bit-identical to a naive
     * sequential dot product, deterministic for any block size and thread count.
     */
    JAVA,
    /**
     * DJL on the PyTorch engine: a BLAS matrix product per label block and {@code topK} on the engine, with only
     * the k best per block copied back to Java (plus whole rows where a tie straddles the k-th place).
     */
    PYTORCH
}
