package org.xmcbench.methods.neural.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * Loss terms that a wrapping method (ALC) adds to a dual-encoder-style trainer's own loss, computed on each
 * batch's query embeddings and the representations of their sampled positive labels exactly as inference
 * searches them (so the similarity it shapes is the one a deployed system thresholds). An objective may bring a
 * small head of its own: the trainer optimises and checkpoints it with the model; it is not used at inference.
 */
public interface BatchObjective {
    /** Creates the head's parameters for embeddings of {@code dimension} on the model's manager (and device). */
    void initialize(NDManager manager, int dimension);

    /** The initialised head whose parameters train with the model, or null when the objective has none. */
    Block head();

    /**
     * The added loss, a scalar recorded for backward.
     *
     * @param queries (B,H) query embeddings of the batch
     * @param labels (B,H) row i the representation of query i's sampled positive label
     * @param alsoPositive row-major B×B, true where label j is a positive of query i as well (diagonal ignored)
     * @param falseNegative row-major B×B, true where label j is neither a positive nor a negative of query i (its
     *     own label, or the same text: see {@code FalseNegatives}); such pairs are left out of every term
     */
    NDArray compute(NDManager m, NDArray queries, NDArray labels, boolean[] alsoPositive, boolean[] falseNegative);
}
