package org.xmcbench.methods.elias;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.xmcbench.core.data.TopK;

/**
 * A trained ELIAS index on the host, and its search: per query the cluster scores {@code ŝ_c}, the {@code beam}
 * best clusters, their paths {@code ŝ_c · ŝ_{c,l}} (a label keeps its best), the {@code shortlist} labels with the
 * best paths, and their final scores {@code σ(w_lᵀ h + b_l) · path}.
 *
 * @param edges row-major clusters x width slot weights (learned ones already transformed)
 */
record HostWeights(int dim, float alpha, float[] wc, float[] bc, float[] wl, float[] bl, float[] edges,
                   ClusterAdjacency adjacency) {

    /** Queries per block: each block's shortlists are built together. */
    private static final int BLOCK = 64;

    /** Top {@code k} labels of row-major {@code n x dim} embeddings. */
    TopK search(float[] embeddings, int n, int beam, int shortlist, int k) {
        TopK out = new TopK(n, k);
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int from = blk * BLOCK;
            int to = Math.min(n, from + BLOCK);
            searchBlock(embeddings, from, to, beam, shortlist, k, out);
        });
        return out;
    }

    private void searchBlock(float[] emb, int from, int to, int beam, int shortlist, int k, TopK out) {
        int rows = to - from;
        int c = adjacency.clusters();
        int width = adjacency.width();
        float[] scores = new float[rows * c];
        for (int i = 0; i < rows; i++) {
            clusterScores(emb, from + i, scores, i * c);
        }
        int[][] beams = ClusterBeam.top(scores, rows, c, beam);
        int paths = beams[0].length * width;
        float[] pathScores = new float[rows * paths];
        for (int i = 0; i < rows; i++) {
            for (int b = 0; b < beams[i].length; b++) {
                int cl = beams[i][b];
                float s = scores[i * c + cl];
                for (int slot = 0; slot < width; slot++) {
                    pathScores[i * paths + b * width + slot] = s * edges[cl * width + slot];
                }
            }
        }
        LabelShortlist sl = LabelShortlist.build(pathScores, beams, adjacency, shortlist, null);
        for (int i = 0; i < rows; i++) {
            int q = from + i;
            int m = 0;
            long[] keys = new long[sl.width()];
            for (int r = 0; r < sl.width(); r++) {
                int l = sl.label()[i][r];
                if (l < 0) {
                    continue;
                }
                double z = bl[l];
                for (int j = 0; j < dim; j++) {
                    z += wl[l * dim + j] * emb[q * dim + j];
                }
                float fin = (float) (pathScores[i * paths + sl.position()[i][r]] / (1 + Math.exp(-z)));
                keys[m++] = LabelShortlist.rankKey(fin, l);
            }
            // Best final score first, ties to the lower label id.
            Arrays.sort(keys, 0, m);
            for (int r = 0; r < Math.min(k, m); r++) {
                long key = keys[m - 1 - r];
                out.set(q, r, LabelShortlist.labelOf(key), LabelShortlist.scoreOf(key));
            }
        }
    }

    /** {@code clamp(α · softmax(W_C h + b), 0, 1)} of query {@code q} into {@code out[at..at+C)}. */
    void clusterScores(float[] emb, int q, float[] out, int at) {
        int c = adjacency.clusters();
        double max = Double.NEGATIVE_INFINITY;
        double[] z = new double[c];
        for (int k = 0; k < c; k++) {
            double s = bc[k];
            for (int j = 0; j < dim; j++) {
                s += wc[k * dim + j] * emb[q * dim + j];
            }
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < c; k++) {
            out[at + k] = (float) Math.min(1, Math.max(0, alpha * z[k] / sum));
        }
    }

    /** Per query its {@code beam} best clusters and their scores (ELIAS's matching matrix for gen_approx_A). */
    void topClusters(float[] emb, int n, int beam, int[][] clusters, float[][] scores) {
        int c = adjacency.clusters();
        IntStream.range(0, n).parallel().forEach(q -> {
            float[] s = new float[c];
            clusterScores(emb, q, s, 0);
            int[] top = ClusterBeam.top(s, 1, c, beam)[0];
            clusters[q] = top;
            scores[q] = new float[top.length];
            for (int b = 0; b < top.length; b++) {
                scores[q][b] = s[top[b]];
            }
        });
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(dim);
        out.writeFloat(alpha);
        for (float[] a : new float[][] {wc, bc, wl, bl, edges}) {
            out.writeInt(a.length);
            for (float v : a) {
                out.writeFloat(v);
            }
        }
        adjacency.write(out);
    }

    static HostWeights read(DataInputStream in) throws IOException {
        int dim = in.readInt();
        float alpha = in.readFloat();
        float[][] arrays = new float[5][];
        for (int i = 0; i < arrays.length; i++) {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("negative array length " + n);
            }
            arrays[i] = new float[n];
            for (int j = 0; j < n; j++) {
                arrays[i][j] = in.readFloat();
            }
        }
        ClusterAdjacency a = ClusterAdjacency.read(in);
        int c = a.clusters();
        int l = a.labels();
        if (dim < 1 || arrays[0].length != c * dim || arrays[1].length != c || arrays[2].length != (long) l * dim
                || arrays[3].length != l || arrays[4].length != c * a.width()) {
            throw new IOException("ELIAS weights do not fit " + c + " clusters, " + l + " labels, dimension " + dim);
        }
        return new HostWeights(dim, alpha, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], a);
    }
}
