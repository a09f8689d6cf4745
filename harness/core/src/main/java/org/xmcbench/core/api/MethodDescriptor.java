package org.xmcbench.core.api;

import java.util.Set;

/**
 * What a method is and needs: its paper, the inputs it reads, whether it can use a GPU and whether a fixed seed
 * makes it deterministic (so the harness knows whether two runs must agree exactly).
 */
public record MethodDescriptor(String name, String paper, int year, Set<Input> inputs, boolean usesGpu,
                               boolean deterministicWithSeed) {

    /** The parts of a dataset a method reads. */
    public enum Input {
        SPARSE_FEATURES, RAW_TEXT, LABEL_TEXT, TRAIN_LABELS
    }
}
