package org.xmcbench.methods.xrtransformer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
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
import org.xmcbench.methods.neural.encoder.Pooling;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.train.Devices;
import org.xmcbench.methods.neural.train.EngineThreads;
import org.xmcbench.methods.xrlinear.BeamSearch;
import org.xmcbench.methods.xrlinear.ClusterChain;
import org.xmcbench.methods.xrlinear.Pifa;
import org.xmcbench.methods.xrlinear.PostProcessor;
import org.xmcbench.methods.xrlinear.XrLinearModel;
import org.xmcbench.methods.xrlinear.XrLinearTrainer;

/**
 * XR-Transformer (Zhang et al., NeurIPS 2021; amzn/pecos): a preliminary label tree from PIFA on TF-IDF, the encoder
 * fine-tuned recursively on its levels coarse to fine, then an XR-Linear ranker on {@code [TF-IDF ‖ embedding]}
 * over a refined tree, searched by beam search. The paper's released configurations are presets.
 */
public final class XrTransformer implements MethodStrategy {
    @Override
    public String id() {
        return "xr-transformer";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("XR-Transformer",
                "Fast Multi-Resolution Transformer Fine-tuning for Extreme Multi-label Text Classification (NeurIPS)",
                2021, Set.of(MethodDescriptor.Input.SPARSE_FEATURES, MethodDescriptor.Input.RAW_TEXT,
                        MethodDescriptor.Input.TRAIN_LABELS), true, true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec()
                .add("encoder", ParamSpec.Type.STRING, EncoderResolver.DEFAULT,
                        "catalogued encoder id, model folder, or a folder name under XMC_MODELS")
                .add("max_length", ParamSpec.Type.INT, 128, "tokens per text (PECOS truncate_length)")
                .add("pooling", ParamSpec.Type.STRING, "checkpoint", "checkpoint (as the encoder's folder says) |"
                        + " pooler (BERT's pooler_output, tanh(W h_CLS + b), as PECOS feeds BERT and RoBERTa heads)")
                .add("text", ParamSpec.Type.STRING, "title", "title | title+content")
                .add("nr_splits", ParamSpec.Type.INT, 16, "preliminary tree: branching below the top level")
                .add("min_codes", ParamSpec.Type.INT, 16, "preliminary tree: clusters at the top level")
                .add("max_leaf_size", ParamSpec.Type.INT, 100, "preliminary tree: largest leaf")
                .add("kmeans_max_iter", ParamSpec.Type.INT, 20, "2-means iterations per split (both trees)")
                .add("tree_seed", ParamSpec.Type.INT, 0, "seed of both trees (added to the run's seed)")
                .add("max_match_clusters", ParamSpec.Type.INT, 32768, "fine-tune the levels with at most this many"
                        + " clusters")
                .add("max_steps", ParamSpec.Type.STRING, "1000", "optimizer steps per fine-tuned level, comma"
                        + " separated (the last repeats)")
                .add("batch_size", ParamSpec.Type.INT, 32, "instances per step per GPU")
                .add("gpus", ParamSpec.Type.INT, 1, "GPU count the batch is multiplied by (PECOS: batch_size x n_gpu)")
                .add("lr", ParamSpec.Type.DOUBLE, 1e-4, "peak learning rate, linear schedule")
                .add("warmup_steps", ParamSpec.Type.INT, 100, "linear warm-up steps per level")
                .add("weight_decay", ParamSpec.Type.DOUBLE, 0.0, "decoupled weight decay (not on bias/LayerNorm)")
                .add("clip", ParamSpec.Type.DOUBLE, 1.0, "global gradient-norm clip (0: off)")
                .add("negative_sampling", ParamSpec.Type.STRING, "tfn+man", "tfn | tfn+man: the matcher's"
                        + " shortlist below the first level")
                .add("matcher_only_topk", ParamSpec.Type.INT, 20, "previous-level clusters predicted per instance"
                        + " for tfn+man")
                .add("max_active_matching_labels", ParamSpec.Type.INT, 1000, "largest shortlist per instance")
                .add("cost_sensitive", ParamSpec.Type.BOOLEAN, true, "weigh positive clusters by their label count")
                .add("bootstrap", ParamSpec.Type.STRING, "linear", "linear | weighted-linear | none: a level's"
                        + " output layer starts from a linear model on the previous encoder's embeddings")
                .add(BootstrapProblem.PARAM, ParamSpec.Type.STRING, BootstrapProblem.LEVEL.value(), "the linear"
                        + " problem a level's output layer starts from: level (PECOS: random first level, then each"
                        + " level's own matching matrix, Cp = Cn = 100) | chain (XR-Linear on the tree truncated at the"
                        + " level, Cp = Cn = 1)")
                .add(HeadInput.PARAM, ParamSpec.Type.STRING, HeadInput.POOLED.value(), "what a level's output layer"
                        + " sees: pooled (PECOS: the encoder's raw pooled output) | normalized (the l2-normalised"
                        + " embedding; the ranker always gets that)")
                .add("head_dropout", ParamSpec.Type.DOUBLE, 0.1, "dropout on the output layer's input while"
                        + " fine-tuning (PECOS: 0.1)")
                .add("freeze_word_embeddings", ParamSpec.Type.BOOLEAN, false, "keep the token table fixed")
                .add("train_layers", ParamSpec.Type.INT, 0, "fine-tune only the top N transformer layers (0: all);"
                        + " the pool's lower-layer states are then computed once")
                .add("pool", ParamSpec.Type.INT, 0, "training instances the matcher trains on (0: as many as the"
                        + " steps visit, at most all)")
                .add("threads", ParamSpec.Type.INT, 0, "engine intra-op threads (0: all cores)")
                .add("embed_batch", ParamSpec.Type.INT, 128, "texts per inference batch")
                .add("ranker_nr_splits", ParamSpec.Type.INT, 16, "refined tree: branching below the top level")
                .add("ranker_min_codes", ParamSpec.Type.INT, 0, "refined tree: clusters at the top level (0: as"
                        + " ranker_nr_splits, PECOS's min_codes null)")
                .add("ranker_max_leaf_size", ParamSpec.Type.INT, 100, "refined tree: largest leaf")
                .add("ranker_Cp", ParamSpec.Type.DOUBLE, 1.0, "ranker cost of positives")
                .add("ranker_Cn", ParamSpec.Type.DOUBLE, 1.0, "ranker cost of negatives")
                .add("ranker_rel_mode", ParamSpec.Type.STRING, "induce", "disable | induce")
                .add("ranker_rel_norm", ParamSpec.Type.STRING, "l1", "no-norm | l1 | l2 | max")
                .add("ranker_threshold", ParamSpec.Type.DOUBLE, 0.001, "ranker weights below this are dropped")
                .add("ranker_negative_sampling", ParamSpec.Type.STRING, "tfn+man-last", "tfn | tfn+man |"
                        + " tfn+man-last (PECOS: man at the last level only)")
                .add("ranker_eps", ParamSpec.Type.DOUBLE, 0.1, "ranker solver stopping tolerance")
                .add("ranker_man_beam", ParamSpec.Type.STRING, "20", "beam of each ranker level, comma-separated, while"
                        + " predicting the clusters whose instances give the last level its matcher-aware negatives"
                        + " (PECOS: each level's only_topk, default 20; the last entry repeats for deeper levels)")
                .add("ranker_instances", ParamSpec.Type.STRING, "all", "all (PECOS) | unseen: only the training"
                        + " instances the matcher did not fine-tune on (when it saw part of them)");
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec()
                .add("beam_size", ParamSpec.Type.INT, 20, "clusters kept per level of the ranker")
                .add("only_topk", ParamSpec.Type.INT, 20, "labels kept at the last level")
                .add("post_processor", ParamSpec.Type.STRING, "l3-hinge", "inner levels")
                .add("last_post_processor", ParamSpec.Type.STRING, "noop", "the label level");
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return XrTransformerPresets.all();
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx) throws IOException {
        if (data.trainFeatures() == null || data.trainTexts() == null) {
            throw new IllegalArgumentException(data.name() + ": xr-transformer needs TF-IDF features and raw texts");
        }
        String bootstrap = p.getString("bootstrap");
        if (!List.of("linear", "weighted-linear", "none").contains(bootstrap)) {
            throw new IllegalArgumentException("bootstrap must be linear, weighted-linear or none, got " + bootstrap);
        }
        String sampling = p.getString("negative_sampling");
        if (!sampling.equals("tfn") && !sampling.equals("tfn+man")) {
            throw new IllegalArgumentException("negative_sampling must be tfn or tfn+man, got " + sampling);
        }
        int gpus = p.getInt("gpus");
        if (gpus < 1) {
            throw new IllegalArgumentException("gpus must be >= 1, got " + gpus);
        }
        int[] steps = parseSteps(p.getString("max_steps"));
        String rankerInstances = p.getString("ranker_instances");
        if (!rankerInstances.equals("all") && !rankerInstances.equals("unseen")) {
            throw new IllegalArgumentException("ranker_instances must be all or unseen, got " + rankerInstances);
        }
        TextField field = TextField.parse(p.getString("text"));
        long seed = p.getInt("tree_seed") + ctx.seed();
        CsrMatrix x = data.trainFeatures();
        CsrMatrix y = data.trainLabels();
        EngineThreads.set(p.getInt("threads"));
        TextEncoder enc = TextEncoder.load(encoderSpec(p), p.getInt("max_length"), Devices.forRun(ctx));
        try {
            List<long[]> ids;
            try (RunContext.Phase ph = ctx.phase("tokenize")) {
                ids = enc.tokenize(field.of(data.trainTexts()));
            }
            ClusterChain prelim;
            try (RunContext.Phase ph = ctx.phase("preliminary-tree")) {
                prelim = XrLinearTrainer.labelTree(Pifa.embed(x, y), p.getInt("max_leaf_size"), p.getInt("min_codes"),
                        p.getInt("nr_splits"), p.getInt("kmeans_max_iter"), seed);
            }
            MatcherFinetuner.Settings ms = new MatcherFinetuner.Settings(p.getInt("max_match_clusters"), steps,
                    p.getInt("batch_size") * gpus, (float) p.getDouble("lr"), p.getInt("warmup_steps"),
                    (float) p.getDouble("weight_decay"), (float) p.getDouble("clip"), p.getBoolean("cost_sensitive"),
                    sampling.equals("tfn+man"), p.getInt("matcher_only_topk"),
                    p.getInt("max_active_matching_labels"), bootstrap, p.getBoolean("freeze_word_embeddings"),
                    p.getInt("train_layers"), p.getInt("embed_batch"), p.getInt("pool"),
                    HeadInput.parse(p.getString(HeadInput.PARAM)), (float) p.getDouble("head_dropout"),
                    BootstrapProblem.parse(p.getString(BootstrapProblem.PARAM)), seed);
            List<Integer> sizes = new ArrayList<>();
            for (int t = 0; t < prelim.levels(); t++) {
                sizes.add(prelim.size(t));
            }
            ctx.record("preliminary_tree_levels", sizes);
            ctx.record("effective_batch_size", p.getInt("batch_size") * gpus);
            MatcherFinetuner.Result tuned = MatcherFinetuner.run(enc, ids, y, prelim, ms, ctx);
            ctx.record("finetune", tuned.levels());
            float[] emb;
            try (RunContext.Phase ph = ctx.phase("embed-train");
                 RunContext.Progress pr = ctx.progress("embed train", ids.size())) {
                emb = enc.embedTokenized(ids, p.getInt("embed_batch"), pr::step);
            }
            CsrMatrix concat = ConcatFeatures.of(x, emb, enc.dimension(), x.cols());
            CsrMatrix rankerY = y;
            if (rankerInstances.equals("unseen") && tuned.pool().length > 0 && tuned.pool().length < y.rows()) {
                int[] unseen = unseen(y.rows(), tuned.pool());
                concat = ClusterTargets.rows(concat, unseen);
                rankerY = ClusterTargets.rows(y, unseen);
                ctx.record("ranker_instances", unseen.length);
            }
            XrLinearTrainer.Params rp = rankerParams(p, seed);
            XrLinearModel ranker = XrLinearTrainer.train(concat, rankerY, null, rp,
                    new PhasePrefix(ctx, "ranker-"));
            List<Integer> rankerSizes = new ArrayList<>();
            for (int t = 0; t < ranker.levels(); t++) {
                rankerSizes.add(ranker.size(t));
            }
            ctx.record("refined_tree_levels", rankerSizes);
            return new XrTransformerModel(enc, ranker, field, x.cols());
        } catch (IOException | RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    @Override
    public TopK predict(TrainedModel trained, Queries queries, int k, Params qp, RunContext ctx) {
        if (queries.features() == null || queries.texts() == null) {
            throw new IllegalArgumentException("xr-transformer needs the queries' TF-IDF features and raw texts");
        }
        XrTransformerModel model = (XrTransformerModel) trained;
        TextEncoder enc = model.encoder();
        float[] emb = enc.embedTokenized(enc.tokenize(model.textField().of(queries.texts())), 128, null);
        CsrMatrix concat = ConcatFeatures.of(queries.features(), emb, enc.dimension(), model.sparseColumns());
        return BeamSearch.predict(model.ranker(), concat, qp.getInt("beam_size"), qp.getInt("only_topk"), k,
                PostProcessor.parse(qp.getString("post_processor")),
                PostProcessor.parse(qp.getString("last_post_processor")), ctx);
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        EngineThreads.set(0);
        return XrTransformerModel.load(dir, Devices.forRun(ctx));
    }

    /**
     * The ranker's XR-Linear settings from the fit parameters: the refined tree, the solver (PECOS's
     * L2R_L2LOSS_SVC_DUAL with max_iter 100 and bias 1 in every release), and the beam of each level that mines the
     * last level's matcher-aware negatives.
     */
    static XrLinearTrainer.Params rankerParams(Params p, long seed) {
        int rankerMinCodes = p.getInt("ranker_min_codes") > 0 ? p.getInt("ranker_min_codes")
                : p.getInt("ranker_nr_splits");
        return new XrLinearTrainer.Params(p.getInt("ranker_nr_splits"), p.getInt("ranker_max_leaf_size"),
                rankerMinCodes, p.getInt("kmeans_max_iter"), seed, p.getDouble("ranker_Cp"), p.getDouble("ranker_Cn"),
                p.getDouble("ranker_eps"), 100, 1.0, p.getDouble("ranker_threshold"), "pifa", 0.5,
                p.getString("ranker_negative_sampling"), p.getString("ranker_rel_mode"), p.getString("ranker_rel_norm"),
                parseInts("ranker_man_beam", p.getString("ranker_man_beam"), 1), "l3-hinge");
    }

    /** The encoder to fine-tune, pooled as {@code pooling} asks. */
    static EncoderSpec encoderSpec(Params p) throws IOException {
        String pooling = p.getString("pooling");
        if (!pooling.equals("checkpoint") && !pooling.equals("pooler")) {
            throw new IllegalArgumentException("pooling must be checkpoint or pooler, got " + pooling);
        }
        EncoderSpec spec = EncoderResolver.resolve(p.getString("encoder"));
        return pooling.equals("pooler") ? spec.withPooling(Pooling.POOLER) : spec;
    }

    /** The rows 0..n-1 not in the sorted {@code seen}. */
    static int[] unseen(int n, int[] seen) {
        boolean[] in = new boolean[n];
        for (int i : seen) {
            in[i] = true;
        }
        return IntStream.range(0, n).filter(i -> !in[i]).toArray();
    }

    static int[] parseSteps(String s) {
        return parseInts("max_steps", s, 0);
    }

    /** A comma-separated per-level list of integers, each at least {@code min}. */
    static int[] parseInts(String name, String s, int min) {
        try {
            int[] values = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v < min)) {
                throw new NumberFormatException();
            }
            return values;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be comma-separated integers >= " + min + ", got '" + s
                    + "'");
        }
    }
}
