package org.xmcbench.methods.neural.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Fine-tuning only the top layers of an encoder: the embeddings and the layers below {@code split} are frozen, so the
 * hidden states entering layer {@code split} never change and are computed once per text. A training step then
 * runs (and back-propagates through) the top layers alone, which on a CPU makes a step several times cheaper and
 * lets a fixed time budget see several times more training pairs. The frozen part runs without dropout.
 *
 * <p>States are kept on the Java heap, one {@code tokens × hidden} float array per text (no padding): about
 * 1.5 KB per token for a 384-wide encoder.
 */
public final class LowerLayerCache {
    private final TextEncoder encoder;
    private final int split;
    private final float[][] states;
    private final int[] lengths;

    private LowerLayerCache(TextEncoder encoder, int split, float[][] states, int[] lengths) {
        this.encoder = encoder;
        this.split = split;
        this.states = states;
        this.lengths = lengths;
    }

    /**
     * Freezes {@code encoder} below {@code split} and computes the states entering that layer for every row of
     * token ids, in batches of similar length; the cache's entry {@code i} is row {@code i}.
     */
    public static LowerLayerCache build(TextEncoder encoder, int split, List<long[]> ids, int batchSize,
                                       IntConsumer progress) {
        int layers = encoder.block().config().numLayers();
        if (split < 1 || split >= layers) {
            throw new IllegalArgumentException("the frozen part must be 1.." + (layers - 1) + " of " + layers
                    + " layers, got " + split);
        }
        encoder.block().freezeBelow(split);
        int n = ids.size();
        int dim = encoder.dimension();
        float[][] states = new float[n][];
        int[] lengths = new int[n];
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                List<long[]> rows = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    rows.add(ids.get(order[i]));
                }
                try (NDManager step = encoder.manager().newSubManager()) {
                    TokenBatch batch = encoder.batch(rows);
                    NDList in = batch.toNDList(step, encoder.device());
                    float[] all = encoder.block().statesBelow(new ParameterStore(step, false), in, split, false)
                            .toFloatArray();
                    for (int i = from; i < to; i++) {
                        int len = ids.get(order[i]).length;
                        float[] s = new float[len * dim];
                        System.arraycopy(all, (i - from) * batch.length() * dim, s, 0, len * dim);
                        states[order[i]] = s;
                        lengths[order[i]] = len;
                    }
                }
                if (progress != null) {
                    progress.accept(to - from);
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return new LowerLayerCache(encoder, split, states, lengths);
    }

    /** How many layers to freeze so that only the top {@code trainLayers} train (0 or all of them: none). */
    public static int frozenLayers(int trainLayers, int numLayers) {
        if (trainLayers < 0) {
            throw new IllegalArgumentException("train_layers must be >= 0, got " + trainLayers);
        }
        return trainLayers == 0 || trainLayers >= numLayers ? 0 : numLayers - trainLayers;
    }

    public int size() {
        return states.length;
    }

    public int split() {
        return split;
    }

    /**
     * Embeddings {@code (B,H)} of the cached texts {@code rows}: the top layers, pooling and normalisation. With
     * {@code training}, call inside a gradient collector (dropout on, graph kept); arrays belong to {@code m}.
     */
    public NDArray forward(NDManager m, int[] rows, boolean training) {
        return forward(m, rows, training, encoder.normalizes());
    }

    /** As {@link #forward(NDManager, int[], boolean)}, l2-normalised only when {@code l2}. */
    public NDArray forward(NDManager m, int[] rows, boolean training, boolean l2) {
        int dim = encoder.dimension();
        int len = 1;
        for (int r : rows) {
            len = Math.max(len, lengths[r]);
        }
        float[] x = new float[rows.length * len * dim];
        long[] mask = new long[rows.length * len];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(states[rows[i]], 0, x, i * len * dim, lengths[rows[i]] * dim);
            java.util.Arrays.fill(mask, i * len, i * len + lengths[rows[i]], 1L);
        }
        NDArray hidden = m.create(x, new Shape(rows.length, len, dim)).toDevice(encoder.device(), false);
        NDArray maskArray = m.create(mask, new Shape(rows.length, len)).toDevice(encoder.device(), false);
        NDArray out = encoder.block().statesFrom(new ParameterStore(m, false), hidden, maskArray, split, training);
        return encoder.pool(out, maskArray, training, l2);
    }

    /** Inference embeddings of every cached text, row-major {@code size() × dimension}, in cache order. */
    public float[] embedAll(int batchSize, IntConsumer progress) {
        return embed(IntStream.range(0, states.length).toArray(), batchSize, progress);
    }

    /** Inference embeddings of the cached texts {@code rows}, row-major {@code rows.length × dimension}. */
    public float[] embed(int[] rows, int batchSize, IntConsumer progress) {
        return embed(rows, batchSize, progress, encoder.normalizes());
    }

    /** As {@link #embed(int[], int, IntConsumer)}, l2-normalised only when {@code l2}. */
    public float[] embed(int[] rows, int batchSize, IntConsumer progress, boolean l2) {
        int n = rows.length;
        int dim = encoder.dimension();
        float[] out = new float[n * dim];
        // Batches of similar length pad little; the output keeps the order of rows.
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(i -> lengths[rows[i]]))
                .mapToInt(Integer::intValue).toArray();
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                int[] batch = new int[to - from];
                for (int i = from; i < to; i++) {
                    batch[i - from] = rows[order[i]];
                }
                try (NDManager step = encoder.manager().newSubManager()) {
                    float[] e = forward(step, batch, false, l2).toFloatArray();
                    for (int i = from; i < to; i++) {
                        System.arraycopy(e, (i - from) * dim, out, order[i] * dim, dim);
                    }
                }
                if (progress != null) {
                    progress.accept(to - from);
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return out;
    }
}
