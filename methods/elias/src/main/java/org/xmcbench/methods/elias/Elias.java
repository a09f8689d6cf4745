package org.xmcbench.methods.elias;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.methods.neural.dualencoder.TextField;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.EncoderSpec;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.train.Devices;
import org.xmcbench.methods.neural.train.EngineThreads;
import org.xmcbench.methods.neural.train.SeededOrder;
import org.xmcbench.methods.xrlinear.ClusterChain;
import org.xmcbench.methods.xrlinear.ShortlistRanker;
import org.xmcbench.methods.xrlinear.XrLinearTrainer;

/**
 * ELIAS (Gupta et al., NeurIPS 2022; nilesh2797/ELIAS): a text encoder, a cluster classifier and a learned sparse
 * cluster→label adjacency searched together, trained end to end. The released recipe runs as stages: ELIAS-1 on
 * the hard clustering of the labels' BoW centroids for a few epochs; re-clustering on [embedding ‖ BoW]; ELIAS-1
 * again from the pre-trained encoder; the approximate adjacency from its cluster beams; ELIAS-2 end to end (with
 * SWA) from ELIAS-1's encoder and cluster classifier; and optionally ELIAS++, a sparse ranker over its top 100.
 */
public final class Elias implements MethodStrategy {
    @Override
    public String id() {
        return "elias";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("ELIAS", "End-to-End Learning to Index and Search in Large Output Spaces"
                + " (NeurIPS)", 2022, Set.of(MethodDescriptor.Input.SPARSE_FEATURES, MethodDescriptor.Input.RAW_TEXT,
                MethodDescriptor.Input.TRAIN_LABELS), true, true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec()
                .add("encoder", ParamSpec.Type.STRING, EncoderResolver.DEFAULT,
                        "catalogued encoder id, model folder, or a folder name under XMC_MODELS")
                .add("max_length", ParamSpec.Type.INT, 32, "tokens per text (tf_max_len)")
                .add("text", ParamSpec.Type.STRING, "title", "title | title+content")
                .add("max_leaf", ParamSpec.Type.INT, 100, "clusters C = 2^ceil(log2(L / max_leaf))")
                .add("cluster_seed", ParamSpec.Type.INT, 0, "seed of the label clustering (added to the run's)")
                .add("kmeans_max_iter", ParamSpec.Type.INT, 20, "2-means iterations per split")
                .add("beam_size", ParamSpec.Type.INT, 20, "clusters a query visits")
                .add("alpha", ParamSpec.Type.DOUBLE, 10.0, "cluster scores clamp(alpha softmax, 0, 1)")
                .add("beta", ParamSpec.Type.DOUBLE, 150.0, "edge weights clamp(beta softmax_row(a), 0, 1)")
                .add("shortlist", ParamSpec.Type.INT, 2000, "labels scored by their classifiers (K)")
                .add("kappa", ParamSpec.Type.INT, 1000, "labels per cluster in the learned adjacency")
                .add("dropout", ParamSpec.Type.DOUBLE, 0.5, "dropout on the embedding")
                .add("gpus", ParamSpec.Type.INT, 1, "processes the released recipe ran on: batch and learning"
                        + " rates are multiplied by it (accelerate, EliasOptimizerBundle)")
                .add("warm_epochs", ParamSpec.Type.DOUBLE, 5.0, "ELIAS-1 before re-clustering, in epochs")
                .add("warm_steps", ParamSpec.Type.INT, 0, "the same in steps (> 0 overrides epochs)")
                .add("stage1_epochs", ParamSpec.Type.DOUBLE, 20.0, "ELIAS-1 after re-clustering, in epochs")
                .add("stage1_steps", ParamSpec.Type.INT, 0, "the same in steps (> 0 overrides epochs)")
                .add("batch_size", ParamSpec.Type.INT, 1024, "ELIAS-1 batch (bsz)")
                .add("lr", ParamSpec.Type.DOUBLE, 0.005, "ELIAS-1 rate of the cluster classifier")
                .add("lr_wl", ParamSpec.Type.DOUBLE, 0.005, "ELIAS-1 rate of the label classifiers")
                .add("lr_tf", ParamSpec.Type.DOUBLE, 2e-4, "ELIAS-1 rate of the encoder")
                .add("loss_lambda", ParamSpec.Type.DOUBLE, 0.01, "ELIAS-1 weight of the shortlist loss")
                .add("stage2_epochs", ParamSpec.Type.DOUBLE, 50.0, "ELIAS-2, in epochs (0: no stage 2)")
                .add("stage2_steps", ParamSpec.Type.INT, 0, "the same in steps (> 0 overrides epochs)")
                .add("stage2_batch_size", ParamSpec.Type.INT, 420, "ELIAS-2 batch")
                .add("stage2_lr", ParamSpec.Type.DOUBLE, 1e-4, "ELIAS-2 rate of the cluster classifier")
                .add("stage2_lr_wl", ParamSpec.Type.DOUBLE, 0.005, "ELIAS-2 rate of the label classifiers and A")
                .add("stage2_lr_tf", ParamSpec.Type.DOUBLE, 3e-5, "ELIAS-2 rate of the encoder")
                .add("stage2_loss_lambda", ParamSpec.Type.DOUBLE, 0.05, "ELIAS-2 weight of the shortlist loss")
                .add("swa", ParamSpec.Type.BOOLEAN, true, "stochastic weight averaging in ELIAS-2")
                .add("swa_start_epoch", ParamSpec.Type.DOUBLE, 8.0, "SWA starts after this many ELIAS-2 epochs")
                .add("swa_step", ParamSpec.Type.INT, 500, "SWA adds the weights every this many steps")
                .add("weight_decay", ParamSpec.Type.DOUBLE, 0.01, "AdamW decay (none on biases and LayerNorm)")
                .add("warmup", ParamSpec.Type.DOUBLE, 0.1, "share of each stage's steps for linear warm-up")
                .add("val_points", ParamSpec.Type.INT, 4000, "training points held out to measure each stage"
                        + " (num_val_points; at most a tenth of the training set)")
                .add("ranker", ParamSpec.Type.BOOLEAN, true, "train ELIAS++'s sparse ranker on [embedding ‖ BoW]")
                .add("ranker_topk", ParamSpec.Type.INT, 100, "ELIAS labels per point the ranker trains on and"
                        + " re-scores (eval_topk)")
                .add("threads", ParamSpec.Type.INT, 0, "engine intra-op threads (0: all cores)")
                .add("embed_batch", ParamSpec.Type.INT, 256, "texts per inference batch");
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec()
                .add("beam_size", ParamSpec.Type.INT, 20, "clusters a query visits")
                .add("shortlist", ParamSpec.Type.INT, 2000, "labels scored by their classifiers (K)")
                .add("rerank", ParamSpec.Type.BOOLEAN, true, "ELIAS++: re-score with the sparse ranker when one"
                        + " was trained");
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return EliasPresets.all();
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx) throws IOException {
        if (data.trainTexts() == null || data.trainFeatures() == null) {
            throw new IllegalArgumentException(data.name() + ": elias needs raw texts and BoW features (the label"
                    + " clustering and the ranker read them)");
        }
        TextField field = TextField.parse(p.getString("text"));
        int gpus = positive(p, "gpus");
        int beam = positive(p, "beam_size");
        int shortlist = positive(p, "shortlist");
        int kappa = positive(p, "kappa");
        int maxLeaf = positive(p, "max_leaf");
        long seed = p.getInt("cluster_seed") + ctx.seed();
        CsrMatrix y = data.trainLabels();
        CsrMatrix bow = data.trainFeatures();
        int n = y.rows();
        int[] val = heldOut(n, p.getInt("val_points"), ctx.seed());
        int[] train = complement(n, val);
        ctx.record("val_points", val.length);
        if (shortlist < Math.min(y.cols(), (long) beam * maxLeaf)) {
            ctx.log(String.format(Locale.ROOT, "elias: shortlist %d < beam_size x max_leaf = %d: in ELIAS-1 the labels"
                    + " of a teacher-forced cluster can miss the shortlist, and their positives go untrained",
                    shortlist, beam * maxLeaf));
        }
        EngineThreads.set(p.getInt("threads"));
        EncoderSpec spec = EncoderResolver.resolve(p.getString("encoder"));
        int maxLength = p.getInt("max_length");
        TextEncoder enc = TextEncoder.load(spec, maxLength, Devices.forRun(ctx));
        try {
            List<long[]> ids;
            try (RunContext.Phase ph = ctx.phase("tokenize")) {
                ids = enc.tokenize(field.of(data.trainTexts()));
            }
            List<long[]> trainIds = select(ids, train);
            List<long[]> valIds = select(ids, val);
            CsrMatrix trainY = y.selectRows(train);
            CsrMatrix valY = y.selectRows(val);
            int embedBatch = p.getInt("embed_batch");
            Map<String, Object> stages = new LinkedHashMap<>();

            ClusterAdjacency initial;
            try (RunContext.Phase ph = ctx.phase("cluster-bow")) {
                initial = cluster(y, EliasFeatures.of(null, 0, bow, bow.cols()), maxLeaf, p, seed);
            }
            ctx.record("clusters", initial.clusters());
            ctx.log(String.format(Locale.ROOT, "elias: %d labels in %d clusters (max_leaf %d)", y.cols(),
                    initial.clusters(), maxLeaf));
            StageTrainer.Settings warm = stage1("elias-1-warm", p, "warm", trainIds.size(), gpus, seed);
            try (EliasNetwork net = new EliasNetwork(enc.manager(), enc.dimension(), initial, false,
                    (float) p.getDouble("alpha"), (float) p.getDouble("beta"), null, seed * 17 + 1);
                 RunContext.Phase ph = ctx.phase("train-elias-1-warm")) {
                stages.put("elias_1_warm", StageTrainer.train(enc, net, trainIds, trainY, warm, ctx));
            }
            ClusterAdjacency reclustered;
            try (RunContext.Phase ph = ctx.phase("recluster")) {
                float[] emb = embed(enc, ids, embedBatch, ctx, "embed train (re-clustering)");
                reclustered = cluster(y, EliasFeatures.of(emb, enc.dimension(), bow, bow.cols()), maxLeaf, p, seed);
            }
            // The released run_benchmark.sh trains ELIAS-1 again from the pre-trained encoder: the short first run
            // only serves the re-clustering.
            enc.close();
            enc = TextEncoder.load(spec, maxLength, Devices.forRun(ctx));
            StageTrainer.Settings s1 = stage1("elias-1", p, "stage1", trainIds.size(), gpus, seed);
            float[] clusterRows;
            HostWeights stage1Index;
            try (EliasNetwork net = new EliasNetwork(enc.manager(), enc.dimension(), reclustered, false,
                    (float) p.getDouble("alpha"), (float) p.getDouble("beta"), null, seed * 17 + 2)) {
                try (RunContext.Phase ph = ctx.phase("train-elias-1")) {
                    stages.put("elias_1", StageTrainer.train(enc, net, trainIds, trainY, s1, ctx));
                }
                clusterRows = net.clusterRows();
                stage1Index = net.snapshot();
            }
            // The held-out points' embeddings under the current encoder, reused by ELIAS++'s measurement.
            float[] valEmb = addMetrics(stages, "elias_1", enc, stage1Index, valIds, valY, beam, shortlist, embedBatch,
                    ctx);
            HostWeights finalIndex = stage1Index;
            StageTrainer.Settings s2 = stage2(p, trainIds.size(), gpus, seed);
            if (s2.steps() > 0) {
                ClusterAdjacency approx;
                try (RunContext.Phase ph = ctx.phase("approximate-adjacency")) {
                    float[] emb = embed(enc, ids, embedBatch, ctx, "embed train (approximate A)");
                    int[][] top = new int[n][];
                    float[][] topScores = new float[n][];
                    stage1Index.topClusters(emb, n, beam, top, topScores);
                    approx = ClusterAdjacency.approximate(y, top, topScores, stage1Index.adjacency().clusters(),
                            kappa);
                }
                ctx.record("approximate_adjacency", Map.of("width", approx.width(), "unreachable_labels",
                        approx.unreachableLabels()));
                try (EliasNetwork net = new EliasNetwork(enc.manager(), enc.dimension(), approx, true,
                        (float) p.getDouble("alpha"), (float) p.getDouble("beta"), clusterRows, seed * 17 + 3)) {
                    try (RunContext.Phase ph = ctx.phase("train-elias-2")) {
                        stages.put("elias_2", StageTrainer.train(enc, net, trainIds, trainY, s2, ctx));
                    }
                    finalIndex = net.snapshot();
                }
                valEmb = addMetrics(stages, "elias_2", enc, finalIndex, valIds, valY, beam, shortlist, embedBatch,
                        ctx);
            }
            ShortlistRanker ranker = null;
            int rankerTopk = positive(p, "ranker_topk");
            if (p.getBoolean("ranker")) {
                try (RunContext.Phase ph = ctx.phase("train-ranker")) {
                    ranker = trainRanker(enc, finalIndex, ids, y, bow, train, beam, shortlist, rankerTopk, embedBatch,
                            seed, ctx);
                }
                EliasModel plus = new EliasModel(enc, finalIndex, field, ranker, bow.cols(), rankerTopk);
                if (val.length > 0) {
                    Map<String, Object> m = StageMetrics.of(valY, plus.predict(valEmb, bow.selectRows(val),
                            StageMetrics.DEPTH, beam, shortlist, true));
                    stages.put("elias_plus_plus_val", m);
                    ctx.log("elias: ELIAS++ on the held-out points " + m);
                }
            }
            ctx.record("stages", stages);
            return new EliasModel(enc, finalIndex, field, ranker, bow.cols(), rankerTopk);
        } catch (IOException | RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    /**
     * ELIAS++: the sparse ranker trained on every training point's ELIAS top {@code rankerTopk} (negatives) and
     * positives, on [embedding ‖ BoW]. The held-out points stay out of it as they stayed out of the stages.
     */
    private static ShortlistRanker trainRanker(TextEncoder enc, HostWeights index, List<long[]> ids, CsrMatrix y,
            CsrMatrix bow, int[] train, int beam, int shortlist, int rankerTopk, int embedBatch, long seed,
            RunContext ctx) {
        List<long[]> trainIds = select(ids, train);
        float[] emb = embed(enc, trainIds, embedBatch, ctx, "embed train (ranker)");
        TopK top = index.search(emb, train.length, beam, shortlist, rankerTopk);
        int[][] lists = new int[train.length][];
        for (int i = 0; i < train.length; i++) {
            lists[i] = new int[top.count(i)];
            for (int r = 0; r < lists[i].length; r++) {
                lists[i][r] = top.label(i, r);
            }
        }
        CsrMatrix features = EliasFeatures.of(emb, enc.dimension(), bow.selectRows(train), bow.cols());
        return ShortlistRanker.train(features, y.selectRows(train), lists,
                new ShortlistRanker.Params(1.0, 1.0, 0.1, 100, 1.0, 0.1, seed), ctx);
    }

    /** Measures a stage on the held-out points; returns their embeddings (empty when there are none). */
    private static float[] addMetrics(Map<String, Object> stages, String stage, TextEncoder enc, HostWeights index,
            List<long[]> valIds, CsrMatrix valY, int beam, int shortlist, int embedBatch, RunContext ctx) {
        if (valIds.isEmpty()) {
            return new float[0];
        }
        float[] emb = enc.embedTokenized(valIds, embedBatch, null);
        Map<String, Object> m = StageMetrics.of(valY, index.search(emb, valIds.size(), beam, shortlist,
                StageMetrics.DEPTH));
        m.put("diagnostics", BeamDiagnostics.of(index, emb, valY, beam));
        stages.put(stage + "_val", m);
        ctx.log("elias: " + stage + " on the held-out points " + m);
        return emb;
    }

    /** Hard clustering of the labels' centroids on {@code features}: C = 2^ceil(log2(L / maxLeaf)) leaves. */
    private static ClusterAdjacency cluster(CsrMatrix y, CsrMatrix features, int maxLeaf, Params p, long seed) {
        CsrMatrix centroids = LabelCentroids.of(y, features);
        int labels = y.cols();
        int leaves = labels <= maxLeaf ? 1 : 1 << (int) Math.ceil(Math.log((double) labels / maxLeaf) / Math.log(2));
        ClusterChain chain = XrLinearTrainer.labelTree(centroids, maxLeaf, leaves, leaves,
                p.getInt("kmeans_max_iter"), seed);
        int[][] paths = chain.labelPaths();
        int leafLevel = chain.levels() - 2;
        int[] clusterOf = leafLevel < 0 ? new int[labels] : paths[leafLevel];
        return ClusterAdjacency.hard(clusterOf, leafLevel < 0 ? 1 : chain.size(leafLevel));
    }

    private static StageTrainer.Settings stage1(String name, Params p, String budget, int n, int gpus, long seed) {
        int batch = p.getInt("batch_size") * gpus;
        int steps = steps(p, budget, n, batch);
        return new StageTrainer.Settings(name, steps, batch, (float) p.getDouble("lr_tf") * gpus,
                (float) p.getDouble("lr_wl") * gpus, (float) p.getDouble("lr") * gpus,
                (float) p.getDouble("weight_decay"), (float) p.getDouble("warmup"), (float) p.getDouble("dropout"),
                p.getInt("beam_size"), p.getInt("shortlist"), (float) p.getDouble("loss_lambda"), false, 0, 1,
                seed * 101 + name.length());
    }

    private static StageTrainer.Settings stage2(Params p, int n, int gpus, long seed) {
        int batch = p.getInt("stage2_batch_size") * gpus;
        int steps = steps(p, "stage2", n, batch);
        int perEpoch = Math.max(1, n / Math.max(1, batch));
        int swaStart = (int) Math.round(p.getDouble("swa_start_epoch") * perEpoch);
        boolean swa = p.getBoolean("swa") && swaStart < steps;
        return new StageTrainer.Settings("elias-2", steps, batch, (float) p.getDouble("stage2_lr_tf") * gpus,
                (float) p.getDouble("stage2_lr_wl") * gpus, (float) p.getDouble("stage2_lr") * gpus,
                (float) p.getDouble("weight_decay"), (float) p.getDouble("warmup"), (float) p.getDouble("dropout"),
                p.getInt("beam_size"), p.getInt("shortlist"), (float) p.getDouble("stage2_loss_lambda"), swa,
                Math.max(1, swaStart), positive(p, "swa_step"), seed * 101 + 2);
    }

    /** A stage's steps: {@code NAME_steps} when > 0, else {@code NAME_epochs} passes over n points. */
    private static int steps(Params p, String budget, int n, int batch) {
        int steps = p.getInt(budget + "_steps");
        double epochs = p.getDouble(budget + "_epochs");
        if (steps < 0 || epochs < 0) {
            throw new IllegalArgumentException(budget + "_steps and " + budget + "_epochs must be >= 0");
        }
        return steps > 0 ? steps : (int) Math.ceil(epochs * Math.ceil((double) n / Math.max(1, batch)));
    }

    private static int positive(Params p, String name) {
        int v = p.getInt(name);
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
        return v;
    }

    private static float[] embed(TextEncoder enc, List<long[]> ids, int batch, RunContext ctx, String what) {
        try (RunContext.Progress pr = ctx.progress(what, ids.size())) {
            return enc.embedTokenized(ids, batch, pr::step);
        }
    }

    /** Up to {@code wanted} (and at most a tenth of the) rows, drawn with the run's seed, sorted. */
    static int[] heldOut(int n, int wanted, long seed) {
        int size = Math.max(0, Math.min(wanted, n / 10));
        int[] perm = SeededOrder.permutation(n, seed * 65_537 + 4000);
        int[] out = Arrays.copyOf(perm, size);
        Arrays.sort(out);
        return out;
    }

    private static int[] complement(int n, int[] sorted) {
        int[] out = new int[n - sorted.length];
        for (int i = 0, j = 0, o = 0; i < n; i++) {
            if (j < sorted.length && sorted[j] == i) {
                j++;
            } else {
                out[o++] = i;
            }
        }
        return out;
    }

    private static List<long[]> select(List<long[]> ids, int[] rows) {
        List<long[]> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(ids.get(r));
        }
        return out;
    }

    @Override
    public TopK predict(TrainedModel trained, Queries queries, int k, Params qp, RunContext ctx) {
        if (queries.texts() == null) {
            throw new IllegalArgumentException("elias needs the queries' raw texts");
        }
        EliasModel model = (EliasModel) trained;
        TextEncoder enc = model.encoder();
        float[] emb = enc.embedTokenized(enc.tokenize(model.textField().of(queries.texts())), 256, null);
        return model.predict(emb, queries.features(), k, qp.getInt("beam_size"), qp.getInt("shortlist"),
                qp.getBoolean("rerank"));
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        EngineThreads.set(0);
        return EliasModel.load(dir, Devices.forRun(ctx));
    }
}
