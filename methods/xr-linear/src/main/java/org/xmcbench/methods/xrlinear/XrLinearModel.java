package org.xmcbench.methods.xrlinear;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.xmcbench.core.api.TrainedModel;

/**
 * A trained XR-Linear model: the label tree (nodes of each level with their parent) and one pruned linear
 * classifier per node. Children of a parent are listed contiguously ({@code childStart}/{@code childNodes}) for
 * the beam search.
 */
public final class XrLinearModel implements TrainedModel {
    private static final int MAGIC = 0x58524c31; // "XRL1"

    final int features;
    final int[] sizes;
    final int[][] parent;
    final SparseVector[][] weights;
    final int[][] childStart;
    final int[][] childNodes;
    /** Per level and parent, its children's weights feature-major for the beam search; built on first use. */
    private volatile ChildBlock[][] blocks;

    XrLinearModel(int features, int[] sizes, int[][] parent, SparseVector[][] weights) {
        this.features = features;
        this.sizes = sizes;
        this.parent = parent;
        this.weights = weights;
        int levels = sizes.length;
        childStart = new int[levels][];
        childNodes = new int[levels][];
        for (int t = 0; t < levels; t++) {
            int parents = t == 0 ? 1 : sizes[t - 1];
            int[] count = new int[parents + 1];
            for (int j = 0; j < sizes[t]; j++) {
                count[parent[t][j] + 1]++;
            }
            for (int p = 0; p < parents; p++) {
                count[p + 1] += count[p];
            }
            int[] next = Arrays.copyOf(count, parents);
            int[] nodes = new int[sizes[t]];
            for (int j = 0; j < sizes[t]; j++) {
                nodes[next[parent[t][j]]++] = j;
            }
            childStart[t] = count;
            childNodes[t] = nodes;
        }
    }

    public int levels() {
        return sizes.length;
    }

    /** Input dimension (columns of the features the model was trained on). */
    public int features() {
        return features;
    }

    /** Nodes at level {@code t}. */
    public int size(int t) {
        return sizes[t];
    }

    /**
     * The classifiers of level {@code t} as dense rows {@code [w_1 .. w_features, bias]} (pruned weights are 0): how
     * XR-Transformer bootstraps a fine-tuning level's output layer from a linear model.
     */
    public float[][] denseLevel(int t) {
        float[][] out = new float[sizes[t]][];
        for (int j = 0; j < sizes[t]; j++) {
            out[j] = weights[t][j].denseWithBias(features);
        }
        return out;
    }

    ChildBlock[][] blocks() {
        ChildBlock[][] b = blocks;
        if (b == null) {
            synchronized (this) {
                b = blocks;
                if (b == null) {
                    b = new ChildBlock[sizes.length][];
                    for (int t = 0; t < sizes.length; t++) {
                        int level = t;
                        b[t] = IntStream.range(0, childStart[t].length - 1).parallel()
                                .mapToObj(p -> childBlock(level, p)).toArray(ChildBlock[]::new);
                    }
                    blocks = b;
                }
            }
        }
        return b;
    }

    private ChildBlock childBlock(int level, int parentNode) {
        int from = childStart[level][parentNode];
        SparseVector[] kids = new SparseVector[childStart[level][parentNode + 1] - from];
        for (int c = 0; c < kids.length; c++) {
            kids[c] = weights[level][childNodes[level][from + c]];
        }
        return ChildBlock.of(kids);
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve("xr-linear.bin")), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(features);
            out.writeInt(sizes.length);
            for (int t = 0; t < sizes.length; t++) {
                out.writeInt(sizes[t]);
                for (int j = 0; j < sizes[t]; j++) {
                    out.writeInt(parent[t][j]);
                    SparseVector v = weights[t][j];
                    out.writeFloat(v.bias());
                    out.writeInt(v.index().length);
                    for (int k = 0; k < v.index().length; k++) {
                        out.writeInt(v.index()[k]);
                        out.writeFloat(v.value()[k]);
                    }
                }
            }
        }
    }

    public static XrLinearModel load(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve("xr-linear.bin")), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(dir.resolve("xr-linear.bin") + ": not an xmcbench XR-Linear model");
            }
            int features = in.readInt();
            int levels = in.readInt();
            int[] sizes = new int[levels];
            int[][] parent = new int[levels][];
            SparseVector[][] weights = new SparseVector[levels][];
            for (int t = 0; t < levels; t++) {
                sizes[t] = in.readInt();
                parent[t] = new int[sizes[t]];
                weights[t] = new SparseVector[sizes[t]];
                for (int j = 0; j < sizes[t]; j++) {
                    parent[t][j] = in.readInt();
                    float bias = in.readFloat();
                    int n = in.readInt();
                    int[] idx = new int[n];
                    float[] val = new float[n];
                    for (int k = 0; k < n; k++) {
                        idx[k] = in.readInt();
                        val[k] = in.readFloat();
                    }
                    weights[t][j] = new SparseVector(idx, val, bias);
                }
            }
            return new XrLinearModel(features, sizes, parent, weights);
        }
    }
}
