package org.xmcbench.methods.elias;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.xmcbench.core.data.CsrMatrix;

/**
 * ELIAS's row-sparse cluster→label adjacency {@code A}: per cluster, up to {@code width} label slots
 * ({@link #PAD} where unused) and a fixed weight per slot. Stage 1 uses the hard clustering (weight 1 on each
 * cluster's own labels, one cluster per label); stage 2 starts from the approximate {@code A} ({@code gen_approx_A})
 * and learns the slot weights, keeping this support.
 */
final class ClusterAdjacency {
    static final int PAD = -1;

    private final int clusters;
    private final int labels;
    private final int width;
    private final int[] label;
    private final float[] weight;

    ClusterAdjacency(int clusters, int labels, int width, int[] label, float[] weight) {
        if (label.length != clusters * width || weight.length != label.length) {
            throw new IllegalArgumentException("adjacency arrays must hold clusters x width = " + clusters * width
                    + " slots");
        }
        this.clusters = clusters;
        this.labels = labels;
        this.width = width;
        this.label = label;
        this.weight = weight;
    }

    /** The hard clustering: label l sits, with weight 1, in cluster {@code clusterOf[l]} only. */
    static ClusterAdjacency hard(int[] clusterOf, int clusters) {
        int[] size = new int[clusters];
        for (int c : clusterOf) {
            size[c]++;
        }
        int width = Math.max(1, Arrays.stream(size).max().orElse(1));
        int[] label = new int[clusters * width];
        float[] weight = new float[clusters * width];
        Arrays.fill(label, PAD);
        int[] fill = new int[clusters];
        for (int l = 0; l < clusterOf.length; l++) {
            int c = clusterOf[l];
            int slot = c * width + fill[c]++;
            label[slot] = l;
            weight[slot] = 1f;
        }
        return new ClusterAdjacency(clusters, clusterOf.length, width, label, weight);
    }

    /**
     * {@code gen_approx_A}: with {@code m} the training instances' top clusters and their scores (a row per
     * instance), the label×cluster affinity {@code C = Yᵀ·M}; each cluster keeps its {@code kappa} labels of highest
     * affinity (fewer when fewer have any), weighted by that affinity.
     */
    static ClusterAdjacency approximate(CsrMatrix y, int[][] topClusters, float[][] topScores, int clusters,
            int kappa) {
        if (topClusters.length != y.rows()) {
            throw new IllegalArgumentException(y.rows() + " label rows but " + topClusters.length + " cluster rows");
        }
        // Cluster x label affinity, accumulated per cluster in a sparse map: clusters x labels is too large dense.
        java.util.List<java.util.Map<Integer, Double>> affinity = new java.util.ArrayList<>(clusters);
        for (int c = 0; c < clusters; c++) {
            affinity.add(new java.util.HashMap<>());
        }
        for (int i = 0; i < y.rows(); i++) {
            for (int b = 0; b < topClusters[i].length; b++) {
                java.util.Map<Integer, Double> row = affinity.get(topClusters[i][b]);
                double s = topScores[i][b];
                for (long p = y.rowStart(i); p < y.rowEnd(i); p++) {
                    row.merge(y.index(p), s * y.value(p), Double::sum);
                }
            }
        }
        int width = 1;
        for (java.util.Map<Integer, Double> row : affinity) {
            width = Math.max(width, Math.min(kappa, row.size()));
        }
        int[] label = new int[clusters * width];
        float[] weight = new float[clusters * width];
        Arrays.fill(label, PAD);
        for (int c = 0; c < clusters; c++) {
            int base = c * width;
            int[] slot = {0};
            affinity.get(c).entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? Double.compare(b.getValue(), a.getValue())
                            : Integer.compare(a.getKey(), b.getKey()))
                    .limit(width)
                    .forEach(e -> {
                        label[base + slot[0]] = e.getKey();
                        weight[base + slot[0]] = e.getValue().floatValue();
                        slot[0]++;
                    });
        }
        return new ClusterAdjacency(clusters, y.cols(), width, label, weight);
    }

    int clusters() {
        return clusters;
    }

    int labels() {
        return labels;
    }

    int width() {
        return width;
    }

    /** The label in slot {@code s} of cluster {@code c}, or {@link #PAD}. */
    int label(int c, int s) {
        return label[c * width + s];
    }

    /** Row-major clusters x width label ids ({@link #PAD} unused). */
    int[] labelSlots() {
        return label;
    }

    /** Row-major clusters x width fixed weights (0 on unused slots). */
    float[] weights() {
        return weight;
    }

    /** Labels that no cluster reaches (a query can never be given them). */
    int unreachableLabels() {
        boolean[] seen = new boolean[labels];
        for (int l : label) {
            if (l != PAD) {
                seen[l] = true;
            }
        }
        int n = 0;
        for (boolean b : seen) {
            n += b ? 0 : 1;
        }
        return n;
    }

    /**
     * Each label's parent: the cluster whose edge to it weighs most under {@code edge} (row-major clusters x width,
     * e.g. the learned weights), ties to the lower cluster; -1 for a label no cluster reaches. ELIAS teacher-forces
     * the parents of a query's positive labels into its cluster beam.
     */
    int[] parents(float[] edge) {
        int[] parent = new int[labels];
        float[] best = new float[labels];
        Arrays.fill(parent, -1);
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < clusters; c++) {
            for (int s = 0; s < width; s++) {
                int l = label[c * width + s];
                if (l != PAD && edge[c * width + s] > best[l]) {
                    best[l] = edge[c * width + s];
                    parent[l] = c;
                }
            }
        }
        return parent;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(clusters);
        out.writeInt(labels);
        out.writeInt(width);
        for (int i = 0; i < label.length; i++) {
            out.writeInt(label[i]);
            out.writeFloat(weight[i]);
        }
    }

    static ClusterAdjacency read(DataInputStream in) throws IOException {
        int clusters = in.readInt();
        int labels = in.readInt();
        int width = in.readInt();
        if (clusters < 1 || labels < 1 || width < 1 || (long) clusters * width > Integer.MAX_VALUE) {
            throw new IOException("adjacency header: " + clusters + " clusters, " + labels + " labels, width "
                    + width);
        }
        int[] label = new int[clusters * width];
        float[] weight = new float[label.length];
        for (int i = 0; i < label.length; i++) {
            label[i] = in.readInt();
            weight[i] = in.readFloat();
            if (label[i] < PAD || label[i] >= labels) {
                throw new IOException("adjacency slot " + i + ": label " + label[i] + " outside [0, " + labels + ")");
            }
        }
        return new ClusterAdjacency(clusters, labels, width, label, weight);
    }
}
