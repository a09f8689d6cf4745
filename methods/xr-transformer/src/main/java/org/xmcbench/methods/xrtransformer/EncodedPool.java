package org.xmcbench.methods.xrtransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.xmcbench.methods.neural.encoder.LowerLayerCache;
import org.xmcbench.methods.neural.encoder.TextEncoder;

/**
 * The texts the matcher fine-tunes and probes on, as the encoder sees them: token ids run through the whole
 * encoder, or, when only the top layers train, the frozen lower layers' states computed once and run through the
 * top layers (a step, a pool embedding and a probe then cost a fraction). Rows are positions in the given list.
 * The embeddings are the encoder's pooled output, l2-normalised or not as asked: PECOS's level heads take the raw
 * pooled output, its ranker the normalised one.
 */
abstract sealed class EncodedPool {

    /** Embeddings {@code (B,H)} of {@code rows}; with {@code training}, inside a gradient collector. */
    abstract NDArray forward(NDManager m, int[] rows, boolean training);

    /** Inference embeddings of {@code rows}, row-major. */
    abstract float[] embed(int[] rows, int batchSize);

    static EncodedPool of(TextEncoder enc, List<long[]> ids, int frozenLayers, int batchSize, boolean l2) {
        return frozenLayers == 0 ? new Whole(enc, ids, l2)
                : new TopLayers(LowerLayerCache.build(enc, frozenLayers, ids, batchSize, null), l2);
    }

    private static final class Whole extends EncodedPool {
        private final TextEncoder enc;
        private final List<long[]> ids;
        private final boolean l2;

        Whole(TextEncoder enc, List<long[]> ids, boolean l2) {
            this.enc = enc;
            this.ids = ids;
            this.l2 = l2;
        }

        @Override
        NDArray forward(NDManager m, int[] rows, boolean training) {
            return enc.forward(m, enc.batch(select(rows)), training, l2);
        }

        @Override
        float[] embed(int[] rows, int batchSize) {
            return enc.embedTokenized(select(rows), batchSize, null, l2);
        }

        private List<long[]> select(int[] rows) {
            List<long[]> out = new ArrayList<>(rows.length);
            for (int r : rows) {
                out.add(ids.get(r));
            }
            return out;
        }
    }

    private static final class TopLayers extends EncodedPool {
        private final LowerLayerCache cache;
        private final boolean l2;

        TopLayers(LowerLayerCache cache, boolean l2) {
            this.cache = cache;
            this.l2 = l2;
        }

        @Override
        NDArray forward(NDManager m, int[] rows, boolean training) {
            return cache.forward(m, rows, training, l2);
        }

        @Override
        float[] embed(int[] rows, int batchSize) {
            return cache.embed(rows, batchSize, null, l2);
        }
    }
}
