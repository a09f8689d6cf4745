package org.xmcbench.methods.xrlinear;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Trains XR-Linear as PECOS does: PIFA label embeddings, the balanced k-means label tree, then at every level
 * one-vs-rest classifiers for the children of each node on the instances whose positives fall under that node
 * (teacher-forced negatives, {@code tfn}). The nodes of a level train in parallel on all cores.
 */
final class XrLinearTrainer {
    /** Fit parameters (PECOS's defaults in {@link XrLinear#fitParams()}). */
    record Params(int nrSplits, int maxLeafSize, int minCodes, int kmeansMaxIter, long seed, double cp, double cn,
                  double eps, int maxIter, double bias, double threshold, String labelEmbedding, double lfAlpha) {}

    private XrLinearTrainer() {}

    static XrLinearModel train(CsrMatrix x, CsrMatrix y, CsrMatrix labelFeatures, Params p, RunContext ctx) {
        CsrMatrix z;
        try (RunContext.Phase ph = ctx.phase("label-embedding")) {
            z = LabelEmbedding.create(p.labelEmbedding(), x, y, labelFeatures, p.lfAlpha());
        }
        ClusterChain chain;
        try (RunContext.Phase ph = ctx.phase("cluster")) {
            int labels = y.cols();
            int depth = BalancedKMeansTree.depthFor(labels, p.maxLeafSize());
            int[] codes = labels <= p.maxLeafSize() ? new int[labels]
                    : BalancedKMeansTree.leafCodes(z, depth, p.kmeansMaxIter(), p.seed());
            int leaves = labels <= p.maxLeafSize() ? 1 : 1 << depth;
            chain = ClusterChain.build(codes, leaves, p.minCodes(), p.nrSplits());
        }
        int[][] path = chain.labelPaths();
        int levels = chain.levels();
        SparseVector[][] weights = new SparseVector[levels][];
        int[][] parentInstances = {allWithLabels(y)};
        for (int t = 0; t < levels; t++) {
            try (RunContext.Phase ph = ctx.phase("train-level-" + t)) {
                int[][] nodeInstances = instancesPerNode(y, path[t], chain.sizes[t]);
                int[][] parentSets = parentInstances;
                int[] parentOf = chain.parent[t];
                int level = t;
                ThreadLocal<DualCdSolver> solver = ThreadLocal.withInitial(() -> new DualCdSolver(x.cols()));
                SparseVector[] w = new SparseVector[chain.sizes[t]];
                RunContext.Progress progress = ctx.progress("level " + t, chain.sizes[t]);
                IntStream.range(0, chain.sizes[t]).parallel().forEach(j -> {
                    int[] rows = parentSets[parentOf[j]];
                    byte[] labelsOfRows = positives(rows, nodeInstances[j]);
                    w[j] = solver.get().train(x, rows, labelsOfRows, rows.length, p.cp(), p.cn(), p.eps(),
                            p.maxIter(), p.bias(), p.threshold(), p.seed() * 1_000_003L + level * 7919L + j);
                    progress.step(1);
                });
                progress.close();
                weights[t] = w;
                parentInstances = nodeInstances;
            }
        }
        return new XrLinearModel(x.cols(), chain.sizes, chain.parent, weights);
    }

    private static int[] allWithLabels(CsrMatrix y) {
        return IntStream.range(0, y.rows()).filter(i -> y.rowNnz(i) > 0).toArray();
    }

    /** For each node of a level, the sorted instances with a positive label under it. */
    static int[][] instancesPerNode(CsrMatrix y, int[] labelToNode, int nodes) {
        int[] count = new int[nodes];
        int[] seen = new int[nodes];
        Arrays.fill(seen, -1);
        for (int i = 0; i < y.rows(); i++) {
            for (long p = y.rowStart(i); p < y.rowEnd(i); p++) {
                int node = labelToNode[y.index(p)];
                if (seen[node] != i) {
                    seen[node] = i;
                    count[node]++;
                }
            }
        }
        int[][] out = new int[nodes][];
        for (int j = 0; j < nodes; j++) {
            out[j] = new int[count[j]];
        }
        Arrays.fill(seen, -1);
        int[] fill = new int[nodes];
        for (int i = 0; i < y.rows(); i++) {
            for (long p = y.rowStart(i); p < y.rowEnd(i); p++) {
                int node = labelToNode[y.index(p)];
                if (seen[node] != i) {
                    seen[node] = i;
                    out[node][fill[node]++] = i;
                }
            }
        }
        return out;
    }

    /** +1 for the rows that are positive for the node, -1 for the others (both arrays sorted). */
    private static byte[] positives(int[] rows, int[] positive) {
        byte[] y = new byte[rows.length];
        int q = 0;
        for (int s = 0; s < rows.length; s++) {
            while (q < positive.length && positive[q] < rows[s]) {
                q++;
            }
            y[s] = (byte) (q < positive.length && positive[q] == rows[s] ? 1 : -1);
        }
        return y;
    }
}
