package org.xmcbench.methods.xrlinear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;

/**
 * A one-vs-rest linear ranker restricted to another model's shortlist: PECOS's {@code MLModel} trained on a
 * matching matrix {@code M} with identity clusters. Label l's classifier trains on its positive instances and on the
 * instances whose shortlist holds l (their negatives); at prediction it scores only each query's shortlisted labels
 * and combines the score with the shortlist's own through a post-processor (PECOS: {@code l3-hinge}, multiplied).
 * ELIAS++ is this ranker over ELIAS's top-100.
 */
public final class ShortlistRanker {
    /** Solver settings: PECOS's defaults are {@code cp = cn = 1, eps 0.1, max_iter 100, bias 1, threshold 0.1}. */
    public record Params(double cp, double cn, double eps, int maxIter, double bias, double threshold, long seed) {}

    private final XrLinearModel model;

    private ShortlistRanker(XrLinearModel model) {
        this.model = model;
    }

    public int features() {
        return model.features;
    }

    public int labels() {
        return model.sizes[0];
    }

    /** Each label's classifier (tests). */
    SparseVector[] weights() {
        return model.weights[0];
    }

    /**
     * @param x training features, a row per instance
     * @param y training labels (positives)
     * @param shortlist per training instance, the labels the first-stage model proposes (negatives unless positive)
     */
    public static ShortlistRanker train(CsrMatrix x, CsrMatrix y, int[][] shortlist, Params p, RunContext ctx) {
        if (shortlist.length != x.rows() || y.rows() != x.rows()) {
            throw new IllegalArgumentException(x.rows() + " feature rows, " + y.rows() + " label rows and "
                    + shortlist.length + " shortlists must agree");
        }
        int labels = y.cols();
        int[][] instances = instancesPerLabel(y, shortlist, labels);
        CsrMatrix yT = y.transpose();
        ThreadLocal<DualCdSolver> solver = ThreadLocal.withInitial(() -> new DualCdSolver(x.cols()));
        ThreadLocal<int[]> localOf = ThreadLocal.withInitial(() -> {
            int[] a = new int[x.cols()];
            Arrays.fill(a, -1);
            return a;
        });
        SparseVector[] w = new SparseVector[labels];
        SparseVector empty = new SparseVector(new int[0], new float[0], 0f);
        try (RunContext.Progress progress = ctx.progress("rank labels", labels)) {
            IntStream.range(0, labels).parallel().forEach(l -> {
                int[] rows = instances[l];
                if (rows.length == 0) {
                    w[l] = empty;
                } else {
                    ParentRows pr = ParentRows.of(x, rows, localOf.get());
                    byte[] sign = new byte[rows.length];
                    double[] cost = new double[rows.length];
                    Arrays.fill(sign, (byte) -1);
                    Arrays.fill(cost, 1.0);
                    long q = yT.rowStart(l);
                    long e = yT.rowEnd(l);
                    for (int s = 0; s < rows.length; s++) {
                        while (q < e && yT.index(q) < rows[s]) {
                            q++;
                        }
                        if (q < e && yT.index(q) == rows[s]) {
                            sign[s] = 1;
                        }
                    }
                    w[l] = solver.get().train(pr, sign, cost, p.cp(), p.cn(), p.eps(), p.maxIter(), p.bias(),
                            p.threshold(), p.seed() * 1_000_003L + l);
                }
                progress.step(1);
            });
        }
        return new ShortlistRanker(new XrLinearModel(x.cols(), new int[] {labels}, new int[][] {new int[labels]},
                new SparseVector[][] {w}));
    }

    /** Per label, the sorted instances that hold it as a positive or in their shortlist. */
    static int[][] instancesPerLabel(CsrMatrix y, int[][] shortlist, int labels) {
        int[] count = new int[labels];
        List<int[]> perRow = new ArrayList<>(y.rows());
        for (int i = 0; i < y.rows(); i++) {
            int[] pos = new int[y.rowNnz(i)];
            for (int k = 0; k < pos.length; k++) {
                pos[k] = y.index(y.rowStart(i) + k);
            }
            int[] both = IntStream.concat(Arrays.stream(pos), Arrays.stream(shortlist[i]))
                    .filter(l -> l >= 0 && l < labels).distinct().toArray();
            for (int l : both) {
                count[l]++;
            }
            perRow.add(both);
        }
        int[][] out = new int[labels][];
        for (int l = 0; l < labels; l++) {
            out[l] = new int[count[l]];
        }
        int[] fill = new int[labels];
        for (int i = 0; i < perRow.size(); i++) {
            for (int l : perRow.get(i)) {
                out[l][fill[l]++] = i;
            }
        }
        return out;
    }

    /**
     * Re-scores a shortlist: each query's labels get {@code post.combine(shortlist score, w_l · x)} and are sorted
     * again; the top k are kept.
     */
    public TopK rerank(CsrMatrix x, TopK shortlist, int k, PostProcessor.Applied post) {
        if (x.rows() != shortlist.rows()) {
            throw new IllegalArgumentException(x.rows() + " feature rows but " + shortlist.rows() + " shortlists");
        }
        SparseVector[] w = model.weights[0];
        TopK out = new TopK(x.rows(), k);
        IntStream.range(0, x.rows()).parallel().forEach(i -> {
            float[] dense = new float[model.features + 1];
            for (long p = x.rowStart(i); p < x.rowEnd(i); p++) {
                if (x.index(p) < model.features) {
                    dense[x.index(p)] = x.value(p);
                }
            }
            dense[model.features] = 1f; // the bias feature
            int n = shortlist.count(i);
            int[] labels = new int[n];
            double[] scores = new double[n];
            for (int r = 0; r < n; r++) {
                labels[r] = shortlist.label(i, r);
                scores[r] = post.combine(shortlist.score(i, r), w[labels[r]].dot(dense));
            }
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a])
                    : Integer.compare(labels[a], labels[b]));
            for (int r = 0; r < Math.min(k, n); r++) {
                out.set(i, r, labels[order[r]], (float) scores[order[r]]);
            }
        });
        return out;
    }

    public void save(Path dir) throws IOException {
        model.save(dir);
    }

    public static ShortlistRanker load(Path dir) throws IOException {
        XrLinearModel m = XrLinearModel.load(dir);
        if (m.levels() != 1) {
            throw new IOException(dir + ": a shortlist ranker has one level, this model has " + m.levels());
        }
        return new ShortlistRanker(m);
    }
}
