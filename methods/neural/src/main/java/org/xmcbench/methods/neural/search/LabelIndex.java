package org.xmcbench.methods.neural.search;

import java.io.IOException;
import java.nio.file.Path;
import org.xmcbench.core.data.TopK;

/**
 * Maximum-inner-product search over a fixed set of label embeddings: what a dual encoder does at prediction time,
 * once the labels are encoded, to turn each query embedding into its top-k labels. One interface so that the exact
 * search (the reference, and the default while it is fast enough) and an approximate index (for label sets where
 * the exact scan is too slow) are interchangeable inside a method and in benchmarks.
 *
 * <p>An index is built from a row-major {@code numLabels x dim} float matrix whose row {@code i} is label id
 * {@code i}. Results follow {@link TopK}'s contract: per query, best first by inner product, ties by the lower label
 * id, padded with {@link TopK#PAD} when fewer than {@code k} labels exist. Embeddings and queries must be finite.
 */
public interface LabelIndex extends AutoCloseable {

    /** Number of indexed labels (ids {@code 0..numLabels-1}). */
    int numLabels();

    /** Embedding dimension that queries must have. */
    int dim();

    /**
     * Top-{@code k} labels by inner product for each of {@code numQueries} queries stored row-major in
     * {@code queries} ({@code numQueries x dim()}).
     */
    TopK search(float[] queries, int numQueries, int k);

    /** Writes the index into {@code dir} (created if missing) so that {@link #load} restores an equal index. */
    void save(Path dir) throws IOException;

    /** Releases native memory (engine arrays); the default holds none. */
    @Override
    default void close() {}

    /** Restores an index written by {@link #save}, of whichever kind its manifest names. */
    static LabelIndex load(Path dir) throws IOException {
        IndexManifest m = IndexManifest.read(dir);
        switch (m.type()) {
            case ExactInnerProductIndex.TYPE:
                return ExactInnerProductIndex.load(dir, m);
            case HnswLabelIndex.TYPE:
                return HnswLabelIndex.load(dir, m);
            default:
                throw new IOException("unknown label index type '" + m.type() + "' in " + dir);
        }
    }

    /** Argument checks shared by the implementations, so they fail the same way. */
    static void checkQueries(float[] queries, int numQueries, int dim, int k) {
        if (numQueries < 0 || k < 0) {
            throw new IllegalArgumentException("numQueries and k must be >= 0, got " + numQueries + ", " + k);
        }
        if ((long) numQueries * dim > queries.length) {
            throw new IllegalArgumentException(
                    "queries hold " + queries.length + " values, " + numQueries + " x " + dim + " needed");
        }
    }
}
