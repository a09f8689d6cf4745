package org.xmcbench.methods.xrtransformer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.methods.neural.encoder.LowerLayerCache;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.train.Finetuner;
import org.xmcbench.methods.neural.train.LossLog;
import org.xmcbench.methods.neural.train.SeededOrder;
import org.xmcbench.methods.neural.train.ParamGroup;
import org.xmcbench.methods.xrlinear.ClusterChain;
import org.xmcbench.methods.xrlinear.XrLinearModel;
import org.xmcbench.methods.xrlinear.XrLinearTrainer;

/**
 * XR-Transformer's recursive fine-tuning: the encoder is fine-tuned on each level of the preliminary label tree
 * with at most {@code maxMatchClusters} clusters, coarse to fine, each level continuing from the previous one's
 * encoder. A level's output layer is bootstrapped by a linear model on the previous encoder's embeddings, its
 * targets are {@code Y·C_t}, its negatives {@code tfn} or {@code tfn+man}, its loss the weighted squared hinge.
 *
 * <p>The instances a level trains on are a seeded pool of the training set, as many as its steps visit (PECOS uses
 * all of them for its epochs); embeddings for mining and bootstrapping are computed for the pool only.
 */
final class MatcherFinetuner {

    /** Settings (see {@link XrTransformer#fitParams()}). */
    record Settings(int maxMatchClusters, int[] maxSteps, int batchSize, float learningRate, int warmupSteps,
                    float weightDecay, float clipNorm, boolean costSensitive, boolean matcherAwareNegatives,
                    int matcherTopk, int maxActive, String bootstrap, boolean freezeWordEmbeddings, int trainLayers,
                    int embedBatch, int pool, HeadInput headInput, float headDropout,
                    BootstrapProblem bootstrapProblem, long seed) {
        int stepsAt(int level) {
            return maxSteps[Math.min(level, maxSteps.length - 1)];
        }
    }

    /** Instances of the fixed probe on which a level's loss is measured before and after its steps. */
    private static final int PROBE = 512;

    private MatcherFinetuner() {}

    /** The levels that are fine-tuned: the leading levels of the chain with at most maxMatchClusters nodes. */
    static int levelsToFinetune(ClusterChain chain, int maxMatchClusters) {
        int n = 0;
        while (n < chain.levels() && chain.size(n) <= maxMatchClusters) {
            n++;
        }
        return n;
    }

    /**
     * Fine-tunes {@code enc} in place; per level, run.json keeps the clusters, steps, the loss before and after on
     * trained-on and on held-out instances, and the loss curve.
     */
    /** What fine-tuning leaves: per level what run.json keeps, and the training instances it trained on. */
    record Result(List<Map<String, Object>> levels, int[] pool) {}

    static Result run(TextEncoder enc, List<long[]> ids, CsrMatrix y, ClusterChain chain, Settings s,
            RunContext ctx) throws IOException {
        int levels = levelsToFinetune(chain, s.maxMatchClusters());
        List<Map<String, Object>> log = new ArrayList<>();
        if (levels == 0) {
            ctx.log("xr-transformer: no level of the preliminary tree has at most " + s.maxMatchClusters()
                    + " clusters; nothing to fine-tune");
            return new Result(log, new int[0]);
        }
        int maxSteps = java.util.stream.IntStream.range(0, levels).map(s::stepsAt).max().orElse(0);
        int[] pool = pool(y.rows(), s.pool() > 0 ? s.pool() : (long) maxSteps * s.batchSize(), s.seed());
        int[] heldOut = heldOut(y.rows(), pool, s.seed());
        // The pool's texts first, then the held-out ones: positions in `encoded`.
        List<long[]> texts = new ArrayList<>(pool.length + heldOut.length);
        for (int i : pool) {
            texts.add(ids.get(i));
        }
        for (int i : heldOut) {
            texts.add(ids.get(i));
        }
        int[] poolRows = java.util.stream.IntStream.range(0, pool.length).toArray();
        int[] heldOutRows = java.util.stream.IntStream.range(pool.length, texts.size()).toArray();
        int[][] paths = chain.labelPaths();
        enc.block().freezeWordEmbeddings(s.freezeWordEmbeddings());
        int layers = enc.block().config().numLayers();
        int frozen = LowerLayerCache.frozenLayers(s.trainLayers(), layers);
        EncodedPool encoded;
        try (RunContext.Phase ph = ctx.phase("cache-lower-layers")) {
            encoded = EncodedPool.of(enc, texts, frozen, s.embedBatch(), s.headInput() == HeadInput.NORMALIZED);
        }
        if (frozen > 0) {
            ctx.log("xr-transformer: fine-tuning the top " + (layers - frozen) + " of " + layers
                    + " layers; the layers below stay as pre-trained");
        }
        LevelHead previous = null;
        CsrMatrix previousTargets = null;
        int dim = enc.dimension();
        try {
            for (int t = 0; t < levels; t++) {
                int clusters = chain.size(t);
                CsrMatrix all = ClusterTargets.aggregate(y, paths[t], clusters);
                CsrMatrix targets = ClusterTargets.rows(all, pool);
                Probe heldOutProbe = new Probe(heldOutRows, ClusterTargets.rows(all, heldOut));
                float[] emb;
                try (RunContext.Phase ph = ctx.phase("embed-pool-level-" + t)) {
                    emb = encoded.embed(poolRows, s.embedBatch());
                }
                int[][] shortlist = null;
                if (t > 0) {
                    try (RunContext.Phase ph = ctx.phase("mine-level-" + t)) {
                        int[][] topParents = s.matcherAwareNegatives()
                                ? previous.topClusters(emb, pool.length, s.matcherTopk()) : null;
                        shortlist = Shortlists.build(previousTargets, targets, topParents, chain.children(t),
                                s.maxActive());
                    }
                }
                LevelHead head;
                try (RunContext.Phase ph = ctx.phase("bootstrap-level-" + t)) {
                    head = new LevelHead(enc.manager(), initialRows(emb, pool.length, dim, targets, shortlist, chain,
                            t, s, ctx), dim);
                }
                if (previous != null) {
                    previous.close();
                }
                previous = head;
                previousTargets = targets;
                int steps = s.stepsAt(t);
                try (RunContext.Phase ph = ctx.phase("finetune-level-" + t)) {
                    log.add(trainLevel(enc, encoded, pool.length, targets, shortlist, head, heldOutProbe, t, steps,
                            s, ctx));
                }
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
        }
        return new Result(log, pool);
    }

    private static Map<String, Object> trainLevel(TextEncoder enc, EncodedPool encoded, int n, CsrMatrix targets,
            int[][] shortlist, LevelHead head, Probe heldOut, int level, int steps, Settings s, RunContext ctx)
            throws IOException {
        int clusters = head.clusters();
        int batch = Math.min(s.batchSize(), n);
        int[] order = SeededOrder.permutation(n, s.seed() * 7919 + level);
        Map<String, Parameter> encoderParams = new LinkedHashMap<>();
        for (String name : enc.block().parameterNames()) {
            if (enc.block().parameter(name).requiresGradient()) {
                encoderParams.put(name, enc.block().parameter(name));
            }
        }
        List<ParamGroup> groups = new ArrayList<>(ParamGroup.decayAndNoDecay(encoderParams, 1f, s.weightDecay()));
        groups.add(new ParamGroup(Map.of("head.weight", head.parameters().get("head.weight")), 1f, s.weightDecay()));
        groups.add(new ParamGroup(Map.of("head.bias", head.parameters().get("head.bias")), 1f, 0f));
        float warmup = steps == 0 ? 0 : Math.min(1f, (float) s.warmupSteps() / steps);
        Finetuner.Settings fs = new Finetuner.Settings(steps, 1, s.learningRate(), warmup, s.weightDecay(),
                s.clipNorm(), 0, s.seed() * 31 + level);
        Finetuner.LossFunction lossFn = (m, step, micro) -> {
            int from = (int) ((long) step * batch % n);
            int[] rows = new int[batch];
            for (int b = 0; b < batch; b++) {
                rows[b] = order[(from + b) % n];
            }
            float[][] sc = signAndCost(rows, clusters, shortlist, targets, s.costSensitive());
            NDArray h = encoded.forward(m, rows, true);
            if (s.headDropout() > 0) {
                h = Dropout.dropout(h, s.headDropout(), true).singletonOrThrow();
            }
            return SquaredHingeLoss.compute(m, head.scores(h), sc[0], sc[1]);
        };
        // The level's loss on a fixed probe of its instances, without dropout, before and after its steps: a
        // noise-free view of whether the level learned (the per-step losses vary with each batch).
        int[] probe = Arrays.copyOf(order, Math.min(n, PROBE));
        float[][] probeTargets = signAndCost(probe, clusters, shortlist, targets, s.costSensitive());
        double heldOutBefore = heldOut.loss(encoded, head, s);
        double probeBefore = SquaredHingeLoss.compute(
                head.scores(encoded.embed(probe, s.embedBatch()), probe.length), probeTargets[0],
                probeTargets[1]);
        List<Float> losses = new ArrayList<>();
        try (RunContext.Progress progress = ctx.progress("fine-tune level " + level, steps)) {
            new Finetuner(fs).run(enc.block(), enc.manager(), groups, lossFn, null, (step, loss, norm, lr) -> {
                progress.step(1);
                losses.add(loss);
                if ((step + 1) % 25 == 0 || step + 1 == steps) {
                    int window = Math.min(25, losses.size());
                    double mean = losses.subList(losses.size() - window, losses.size()).stream()
                            .mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
                    ctx.log(String.format(Locale.ROOT,
                            "level %d (%d clusters): step %d/%d, mean loss %.4f (last %d), grad norm %.3f, lr %.2e",
                            level, clusters, step + 1, steps, mean, window, norm, lr));
                }
            }, () -> {
                ctx.checkCancelled();
                return false;
            });
        }
        double probeAfter = SquaredHingeLoss.compute(
                head.scores(encoded.embed(probe, s.embedBatch()), probe.length), probeTargets[0],
                probeTargets[1]);
        double heldOutAfter = heldOut.loss(encoded, head, s);
        ctx.log(String.format(Locale.ROOT, "level %d: loss (no dropout) on %d trained-on instances %.4f before, %.4f"
                + " after; on %d held-out instances, all clusters, %.4f before, %.4f after", level, probe.length,
                probeBefore, probeAfter, heldOut.rows().length, heldOutBefore, heldOutAfter));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("level", level);
        out.put("clusters", clusters);
        out.put("steps", steps);
        out.put("instances", n);
        out.put("probe_instances", probe.length);
        out.put("probe_loss_before", probeBefore);
        out.put("probe_loss_after", probeAfter);
        out.put("heldout_instances", heldOut.rows().length);
        out.put("heldout_loss_before", heldOutBefore);
        out.put("heldout_loss_after", heldOutAfter);
        out.putAll(LossLog.summary(losses));
        return out;
    }

    /**
     * Row-major {@code rows.length x clusters} targets of the squared hinge: sign +1 for a positive cluster, -1 for
     * a shortlisted negative (every cluster at the first level), 0 elsewhere; cost the positive's label count when
     * cost-sensitive, else 1, and 0 off the shortlist.
     */
    static float[][] signAndCost(int[] rows, int clusters, int[][] shortlist, CsrMatrix targets,
            boolean costSensitive) {
        // Batches and probes only (a few hundred rows): a product past one array fails here, not as a wrapped index.
        int size = Math.multiplyExact(rows.length, clusters);
        float[] sign = new float[size];
        float[] cost = new float[size];
        for (int b = 0; b < rows.length; b++) {
            int r = rows[b];
            int base = b * clusters;
            if (shortlist == null) {
                Arrays.fill(sign, base, base + clusters, -1f);
                Arrays.fill(cost, base, base + clusters, 1f);
            } else {
                for (int c : shortlist[r]) {
                    sign[base + c] = -1f;
                    cost[base + c] = 1f;
                }
            }
            for (long p = targets.rowStart(r); p < targets.rowEnd(r); p++) {
                int c = targets.index(p);
                sign[base + c] = 1f;
                cost[base + c] = costSensitive ? targets.value(p) : 1f;
            }
        }
        return new float[][] {sign, cost};
    }

    /**
     * The output layer's initial rows: a linear model on the current encoder's embeddings of the pool (see
     * {@link BootstrapProblem}; {@code weighted-linear} weighs positives by their label counts), or small random rows
     * ({@code none}, and PECOS's first level).
     *
     * @param shortlist per pool instance, the level's clusters it trains against (null at the first level)
     */
    private static float[][] initialRows(float[] emb, int n, int dim, CsrMatrix targets, int[][] shortlist,
            ClusterChain chain, int level, Settings s, RunContext ctx) {
        int clusters = chain.size(level);
        boolean pecos = s.bootstrapProblem() == BootstrapProblem.LEVEL;
        if (s.bootstrap().equals("none") || pecos && level == 0) {
            Random r = new Random(s.seed() * 131 + level);
            float[][] rows = new float[clusters][dim + 1];
            for (float[] row : rows) {
                for (int j = 0; j < dim; j++) {
                    row[j] = (float) (r.nextGaussian() * 0.02);
                }
            }
            return rows;
        }
        boolean weighted = s.bootstrap().equals("weighted-linear");
        CsrMatrix x = ConcatFeatures.dense(emb, n, dim);
        if (pecos) {
            // PECOS's bootstrap solver settings: Cp = Cn = 100, no threshold; raw counts when weighted.
            XrLinearTrainer.Params p = new XrLinearTrainer.Params(2, 100, 1, 20, s.seed() + level, 100.0, 100.0,
                    0.1, 100, 1.0, 0.0, "pifa", 0.5, "tfn", weighted ? "induce" : "disable", "no-norm",
                    new int[] {10}, "l3-hinge"); // tfn: no beam is searched
            int[] identity = java.util.stream.IntStream.range(0, clusters).toArray();
            CsrMatrix rel = XrLinearTrainer.relevance(weighted ? targets : targets.binarized(), identity, clusters,
                    "no-norm");
            int[][] children = chain.children(level);
            return XrLinearTrainer.trainLevelDense(x, rel, children, parentSets(shortlist, children, clusters),
                    weighted, p, level, ctx.progress("bootstrap level " + level, clusters));
        }
        XrLinearTrainer.Params p = new XrLinearTrainer.Params(2, 100, 1, 20, s.seed() + level, 1.0, 1.0, 0.1, 100,
                1.0, 0.0, "pifa", 0.5, "tfn", weighted ? "induce" : "disable", weighted ? "l1" : "no-norm",
                new int[] {10}, "l3-hinge"); // tfn: no beam is searched
        XrLinearModel linear = XrLinearTrainer.trainOnChain(x, weighted ? targets : targets.binarized(),
                chain.truncate(level + 1), p, new PhasePrefix(ctx, "bootstrap-" + level + "-"));
        return linear.denseLevel(level);
    }

    /**
     * Per parent cluster, the pool instances (ascending) that train its children: those whose shortlist holds one
     * of them (PECOS's matching matrix; the shortlist holds the positives' siblings and the matcher's picks).
     */
    static int[][] parentSets(int[][] shortlist, int[][] children, int clusters) {
        int[] parentOf = new int[clusters];
        for (int pa = 0; pa < children.length; pa++) {
            for (int c : children[pa]) {
                parentOf[c] = pa;
            }
        }
        int[] count = new int[children.length];
        forEachInstanceOfParent(shortlist, parentOf, children.length, (i, pa) -> count[pa]++);
        int[][] sets = new int[children.length][];
        for (int pa = 0; pa < sets.length; pa++) {
            sets[pa] = new int[count[pa]];
        }
        int[] filled = new int[children.length];
        forEachInstanceOfParent(shortlist, parentOf, children.length, (i, pa) -> sets[pa][filled[pa]++] = i);
        return sets;
    }

    /** Calls {@code visit(i, parent)} once per instance and parent of a cluster in its shortlist, i ascending. */
    private static void forEachInstanceOfParent(int[][] shortlist, int[] parentOf, int parents,
            java.util.function.BiConsumer<Integer, Integer> visit) {
        int[] seenBy = new int[parents];
        Arrays.fill(seenBy, -1);
        for (int i = 0; i < shortlist.length; i++) {
            for (int c : shortlist[i]) {
                int pa = parentOf[c];
                if (seenBy[pa] != i) {
                    seenBy[pa] = i;
                    visit.accept(i, pa);
                }
            }
        }
    }

    /** Training instances outside the pool, scored against every cluster of a level: a generalisation check. */
    private record Probe(int[] rows, CsrMatrix targets) {
        double loss(EncodedPool encoded, LevelHead head, Settings s) {
            if (rows.length == 0) {
                return Double.NaN;
            }
            int[] targetRows = java.util.stream.IntStream.range(0, rows.length).toArray();
            float[][] sc = signAndCost(targetRows, head.clusters(), null, targets, s.costSensitive());
            return SquaredHingeLoss.compute(head.scores(encoded.embed(rows, s.embedBatch()), rows.length), sc[0],
                    sc[1]);
        }
    }

    /** Up to {@value #PROBE} training instances that are not in the pool (none when the pool is everything). */
    static int[] heldOut(int rows, int[] pool, long seed) {
        boolean[] inPool = new boolean[rows];
        for (int i : pool) {
            inPool[i] = true;
        }
        int[] perm = SeededOrder.permutation(rows, seed * 40_503 + 3);
        int[] out = Arrays.stream(perm).filter(i -> !inPool[i]).limit(PROBE).toArray();
        Arrays.sort(out);
        return out;
    }

    static int[] pool(int rows, long wanted, long seed) {
        int[] perm = SeededOrder.permutation(rows, seed * 65_537 + 17);
        int size = (int) Math.min(rows, Math.max(1, wanted));
        int[] out = Arrays.copyOf(perm, size);
        Arrays.sort(out);
        return out;
    }
}
