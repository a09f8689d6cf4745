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
public final class XrLinearTrainer {
    /**
     * Fit parameters (PECOS's defaults in {@link XrLinear#fitParams()}). {@code manBeams}: the beam width of each
     * level while mining matcher-aware negatives (PECOS: each level's {@code only_topk}); level t uses entry
     * {@code min(t, length - 1)}, so one entry applies to every level.
     */
    public record Params(int nrSplits, int maxLeafSize, int minCodes, int kmeansMaxIter, long seed, double cp, double cn,
                  double eps, int maxIter, double bias, double threshold, String labelEmbedding, double lfAlpha,
                  String negativeSampling, String relMode, String relNorm, int[] manBeams, String postProcessor) {
        public Params {
            if (manBeams.length == 0 || Arrays.stream(manBeams).anyMatch(b -> b < 1)) {
                throw new IllegalArgumentException("man beams must be >= 1, got " + Arrays.toString(manBeams));
            }
            manBeams = manBeams.clone();
            if (!java.util.List.of("tfn", "tfn+man", "tfn+man-last").contains(negativeSampling)) {
                throw new IllegalArgumentException("negative_sampling must be tfn, tfn+man or tfn+man-last, got "
                        + negativeSampling);
            }
            if (!relMode.equals("disable") && !relMode.equals("induce")) {
                throw new IllegalArgumentException("rel_mode must be disable or induce, got " + relMode);
            }
            if (!java.util.List.of("no-norm", "l1", "l2", "max").contains(relNorm)) {
                throw new IllegalArgumentException("rel_norm must be no-norm, l1, l2 or max, got " + relNorm);
            }
        }
    }

    private XrLinearTrainer() {}

    public static XrLinearModel train(CsrMatrix x, CsrMatrix y, CsrMatrix labelFeatures, Params p,
            RunContext ctx) {
        CsrMatrix z;
        try (RunContext.Phase ph = ctx.phase("label-embedding")) {
            z = LabelEmbedding.create(p.labelEmbedding(), x, y, labelFeatures, p.lfAlpha());
        }
        ClusterChain chain;
        try (RunContext.Phase ph = ctx.phase("cluster")) {
            chain = labelTree(z, p.maxLeafSize(), p.minCodes(), p.nrSplits(), p.kmeansMaxIter(), p.seed());
        }
        return trainOnChain(x, y, chain, p, ctx);
    }

    /**
     * PECOS's hierarchical balanced spherical 2-means tree over the label embeddings {@code z} (a row per label),
     * grouped into its cluster chain.
     */
    public static ClusterChain labelTree(CsrMatrix z, int maxLeafSize, int minCodes, int nrSplits, int kmeansMaxIter,
            long seed) {
        int labels = z.rows();
        int depth = BalancedKMeansTree.depthFor(labels, maxLeafSize);
        int[] codes = labels <= maxLeafSize ? new int[labels]
                : BalancedKMeansTree.leafCodes(z, depth, kmeansMaxIter, seed);
        int leaves = labels <= maxLeafSize ? 1 : 1 << depth;
        return ClusterChain.build(codes, leaves, minCodes, nrSplits);
    }

    /**
     * Trains the classifiers of every level of a given chain; the chain's last level are the columns of {@code y}
     * (labels, or the clusters of a truncated chain with {@code y} aggregated to them).
     */
    public static XrLinearModel trainOnChain(CsrMatrix x, CsrMatrix y, ClusterChain chain, Params p,
            RunContext ctx) {
        if (chain.size(chain.levels() - 1) != y.cols()) {
            throw new IllegalArgumentException("the chain's last level has " + chain.size(chain.levels() - 1)
                    + " nodes but y has " + y.cols() + " columns");
        }
        int[][] path = chain.labelPaths();
        int levels = chain.levels();
        SparseVector[][] weights = new SparseVector[levels][];
        // Level 0 has a single root: PECOS trains its children on every instance (no matching matrix).
        int[][] parentInstances = {IntStream.range(0, y.rows()).toArray()};
        boolean man = p.negativeSampling().contains("man");
        // tfn+man-last: matcher-aware negatives at the last level only (XR-Transformer's ranker: tfn, ..., tfn+man).
        boolean manLastOnly = p.negativeSampling().equals("tfn+man-last");
        for (int t = 0; t < levels; t++) {
            try (RunContext.Phase ph = ctx.phase("train-level-" + t)) {
                CsrMatrix nodeRel = relevance(y, path[t], chain.sizes[t], p.relNorm());
                int[][] parentSets = parentInstances;
                if (man && t > 0 && (!manLastOnly || t == levels - 1)) {
                    // Matcher-aware negatives: add the instances whose beam (levels 0..t-1) reaches the parent.
                    XrLinearModel sofar = new XrLinearModel(x.cols(), Arrays.copyOf(chain.sizes, t),
                            Arrays.copyOf(chain.parent, t), Arrays.copyOf(weights, t));
                    int[][] reached = BeamSearch.reachedNodes(sofar, x, p.manBeams(),
                            PostProcessor.parse(p.postProcessor()), chain.sizes[t - 1]);
                    parentSets = union(parentInstances, reached);
                }
                SparseVector[] w = trainLevel(x, nodeRel, chain.children(t), parentSets,
                        p.relMode().equals("induce"), p, t, ctx.progress("level " + t, chain.sizes[t]));
                weights[t] = w;
                int[][] next = new int[chain.sizes[t]][];
                for (int j = 0; j < next.length; j++) {
                    next[j] = rowIndices(nodeRel, j);
                }
                parentInstances = next;
            }
        }
        return new XrLinearModel(x.cols(), chain.sizes, chain.parent, weights);
    }

    /**
     * The classifiers of one level: each child {@code j} of parent {@code pa} against the instances of
     * {@code parentSets[pa]} (sorted), positive where {@code nodeRel} (node x instance) has {@code (j, i)}, at
     * {@code p}'s costs, tolerance and threshold. Parents train in parallel, and the children of each parent too
     * (nested streams share the pool), so a level with a single parent still uses every core; results do not depend
     * on the schedule, as each child's problem and seed are fixed.
     *
     * @param costSensitive positives cost their relevance (else 1)
     * @param progress stepped once per trained node, closed at the end
     */
    static SparseVector[] trainLevel(CsrMatrix x, CsrMatrix nodeRel, int[][] children, int[][] parentSets,
            boolean costSensitive, Params p, int level, RunContext.Progress progress) {
        ThreadLocal<DualCdSolver> solver = ThreadLocal.withInitial(() -> new DualCdSolver(x.cols()));
        ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(x.cols()));
        SparseVector[] w = new SparseVector[nodeRel.rows()];
        IntStream.range(0, parentSets.length).parallel().forEach(pa -> {
            if (children[pa].length == 0) {
                return;
            }
            ParentRows rows = ParentRows.of(x, parentSets[pa], scratch.get().localOf);
            IntStream.of(children[pa]).parallel().forEach(j -> {
                Scratch sc = scratch.get();
                sc.ensure(rows.rows());
                positives(parentSets[pa], nodeRel, j, costSensitive, sc.labels, sc.cost);
                w[j] = solver.get().train(rows, sc.labels, sc.cost, p.cp(), p.cn(), p.eps(), p.maxIter(),
                        p.bias(), p.threshold(), p.seed() * 1_000_003L + level * 7919L + j);
                progress.step(1);
            });
        });
        progress.close();
        return w;
    }

    /**
     * {@link #trainLevel} with each node's classifier written out densely, {@code [w_1 .. w_features, bias]}: the
     * initial output layer XR-Transformer bootstraps from a linear model on embeddings.
     */
    public static float[][] trainLevelDense(CsrMatrix x, CsrMatrix nodeRel, int[][] children, int[][] parentSets,
            boolean costSensitive, Params p, int level, RunContext.Progress progress) {
        SparseVector[] w = trainLevel(x, nodeRel, children, parentSets, costSensitive, p, level, progress);
        float[][] out = new float[w.length][];
        for (int j = 0; j < w.length; j++) {
            out[j] = w[j] == null ? new float[x.cols() + 1] : w[j].denseWithBias(x.cols());
        }
        return out;
    }

    /**
     * Node x instance relevance of one level (PECOS's induced relevance chain): entry (j, i) is the summed label
     * value of instance i's labels under node j, the instance's row normalised by {@code norm} over its nodes.
     * Rows of the result are sorted instance lists, so they double as each node's positive set.
     */
    public static CsrMatrix relevance(CsrMatrix y, int[] labelToNode, int nodes, String norm) {
        org.xmcbench.core.data.CsrBuilder b = new org.xmcbench.core.data.CsrBuilder(nodes, y.rows(), y.nnz());
        java.util.TreeMap<Integer, Double> row = new java.util.TreeMap<>();
        for (int i = 0; i < y.rows(); i++) {
            row.clear();
            for (long p = y.rowStart(i); p < y.rowEnd(i); p++) {
                row.merge(labelToNode[y.index(p)], (double) Math.abs(y.value(p)), Double::sum);
            }
            double z = switch (norm) {
                case "l1" -> row.values().stream().mapToDouble(Double::doubleValue).sum();
                case "l2" -> Math.sqrt(row.values().stream().mapToDouble(v -> v * v).sum());
                case "max" -> row.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
                default -> 1;
            };
            for (var e : row.entrySet()) {
                b.add(e.getKey(), (float) (z > 0 ? e.getValue() / z : e.getValue()));
            }
            b.endRow();
        }
        return b.build().transpose();
    }

    /** Per-thread buffers: feature renumbering scratch (all -1 between uses), and one child's labels and costs. */
    private static final class Scratch {
        final int[] localOf;
        byte[] labels = new byte[0];
        double[] cost = new double[0];

        Scratch(int features) {
            localOf = new int[features];
            Arrays.fill(localOf, -1);
        }

        void ensure(int n) {
            if (labels.length < n) {
                labels = new byte[Math.max(n, labels.length * 2)];
                cost = new double[labels.length];
            }
        }
    }

    static int[] rowIndices(CsrMatrix m, int r) {
        int[] out = new int[m.rowNnz(r)];
        for (int k = 0; k < out.length; k++) {
            out[k] = m.index(m.rowStart(r) + k);
        }
        return out;
    }

    /**
     * Labels (+1/-1) and costs of the rows for node j: positives cost their relevance when cost-sensitive, else 1;
     * negatives cost 1 (both arrays sorted by instance).
     */
    private static void positives(int[] rows, CsrMatrix nodeRel, int j, boolean costSensitive, byte[] y,
            double[] cost) {
        long q = nodeRel.rowStart(j);
        long e = nodeRel.rowEnd(j);
        for (int s = 0; s < rows.length; s++) {
            while (q < e && nodeRel.index(q) < rows[s]) {
                q++;
            }
            boolean pos = q < e && nodeRel.index(q) == rows[s];
            y[s] = (byte) (pos ? 1 : -1);
            cost[s] = pos && costSensitive ? nodeRel.value(q) : 1.0;
        }
    }

    /** Per parent, the sorted union of its true instances and the instances the beam reached. */
    private static int[][] union(int[][] a, int[][] b) {
        int[][] out = new int[a.length][];
        for (int p = 0; p < a.length; p++) {
            out[p] = IntStream.concat(Arrays.stream(a[p]), Arrays.stream(b[p])).distinct().sorted().toArray();
        }
        return out;
    }
}
