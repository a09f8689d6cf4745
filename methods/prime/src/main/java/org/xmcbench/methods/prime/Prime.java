package org.xmcbench.methods.prime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.methods.neural.dualencoder.DualEncoder;
import org.xmcbench.methods.neural.dualencoder.FalseNegatives;
import org.xmcbench.methods.neural.dualencoder.TextField;
import org.xmcbench.methods.neural.train.BatchObjective;

/**
 * PRIME (Dahiya et al., NAACL 2025): a dual encoder whose label side adds a Label Prototype Network over [label
 * text embedding, shared free vector, label centroid], trained with a dynamic-margin triplet loss. Inference is a
 * dual encoder's (the query encoder against the final label representations), so prediction, search options and
 * the saved model are the dual encoder's.
 */
public final class Prime implements MethodStrategy {
    private final DualEncoder inference = new DualEncoder();

    @Override
    public String id() {
        return "prime";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("PRIME (label prototype network, dynamic-margin triplet loss)",
                "Prototypical Extreme Multi-label Classification with a Dynamic Margin Loss (NAACL)", 2025,
                Set.of(MethodDescriptor.Input.RAW_TEXT, MethodDescriptor.Input.LABEL_TEXT,
                        MethodDescriptor.Input.TRAIN_LABELS), true, true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec()
                .add("encoder", ParamSpec.Type.STRING, "all-MiniLM-L6-v2", "catalogued encoder id or a local Hugging"
                        + " Face folder (the paper: msmarco-distilbert-base-v4)")
                .add("max_length", ParamSpec.Type.INT, 32, "tokens per text")
                .add("text", ParamSpec.Type.STRING, "title", "title | title+content")
                .add("steps", ParamSpec.Type.INT, 500, "optimizer steps (used when epochs is 0)")
                .add("epochs", ParamSpec.Type.INT, 0, "passes over the training queries (0: use steps)")
                .add("batch_size", ParamSpec.Type.INT, 64, "queries per batch (each brings one positive label)")
                .add("lr", ParamSpec.Type.DOUBLE, 2e-4, "peak learning rate (AdamW)")
                .add("warmup", ParamSpec.Type.DOUBLE, 0.1, "share of steps of linear warm-up")
                .add("warmup_steps", ParamSpec.Type.INT, -1, "warm-up steps (overrides warmup when >= 0)")
                .add("weight_decay", ParamSpec.Type.DOUBLE, 0.01, "decoupled weight decay (not on bias/LayerNorm)")
                .add("clip", ParamSpec.Type.DOUBLE, 1.0, "global gradient-norm clip (0: off)")
                .add("freeze_word_embeddings", ParamSpec.Type.BOOLEAN, true, "keep the token table fixed")
                .add("prototype_network", ParamSpec.Type.BOOLEAN, true, "false: ablation without the LPN (the"
                        + " label text embedding is the label's representation)")
                .add("lpn_heads", ParamSpec.Type.INT, 1, "attention heads of the LPN layer (released: 1)")
                .add("lpn_feedforward", ParamSpec.Type.INT, 1024, "feed-forward width of the LPN layer")
                .add("lpn_dropout", ParamSpec.Type.DOUBLE, 0.1, "dropout in the LPN layer")
                .add("lpn_lr_scale", ParamSpec.Type.DOUBLE, 1.0, "LPN and free-vector learning rate / lr")
                .add("free_vectors", ParamSpec.Type.INT, 0, "free vectors shared by the labels (0: the largest"
                        + " power of two <= labels/2, the released ratio)")
                .add("centroid_update", ParamSpec.Type.STRING, "ema", "ema (described: c <- 0.95 c + 0.05 q) |"
                        + " released (the released code's effectively no-op update)")
                .add("empty_centroid", ParamSpec.Type.STRING, "zero", "centroid of a label without training queries:"
                        + " zero (released) | text (its text embedding, so the prototype network sees an input like"
                        + " the ones it was trained on)")
                .add("beta", ParamSpec.Type.DOUBLE, 0.95, "centroid moving-average factor")
                .add("negatives", ParamSpec.Type.INT, 100, "hardest in-batch negatives per query")
                .add("margin_min", ParamSpec.Type.DOUBLE, 0.1, "dynamic margin lower clamp")
                .add("margin", ParamSpec.Type.DOUBLE, 0.3, "dynamic margin upper clamp")
                .add("tau", ParamSpec.Type.DOUBLE, 0.1, "temperature of the violators' softmax weights")
                .add("inter_weight", ParamSpec.Type.DOUBLE, 1.0, "weight of the text-only (intermediate) term")
                .add("dual_weight", ParamSpec.Type.DOUBLE, 1.0, "weight of the transposed label->query term")
                .add("dual_scores", ParamSpec.Type.STRING, "text", "scores of the transposed term: text (released:"
                        + " query x label-text) | prototype (query x final label representation)")
                .add("detach_violator_weights", ParamSpec.Type.BOOLEAN, false, "false (released): the violators'"
                        + " softmax weights are differentiated | true: they only weight, the margin is never")
                .add("reg_weight", ParamSpec.Type.DOUBLE, 0.1, "weight of the prototype regulariser")
                .add("reg_margin", ParamSpec.Type.DOUBLE, 0.1, "margin of the prototype regulariser")
                .add("detach_regulariser_text", ParamSpec.Type.BOOLEAN, false, "false (released): the regulariser"
                        + " differentiates its text-only side too | true: the text-only scores are a fixed reference")
                .add("positive_sampling", ParamSpec.Type.STRING, "propensity", "a query's positive in a batch:"
                        + " propensity (released: drawn by inverse propensity) | uniform")
                .add("propensity_a", ParamSpec.Type.DOUBLE, 0.6, "A of the inverse propensities positive_sampling"
                        + " draws by (the released config's)")
                .add("propensity_b", ParamSpec.Type.DOUBLE, 2.6, "B of those inverse propensities (the released"
                        + " config's)")
                .add("cluster_size", ParamSpec.Type.INT, 4, "queries per NGAME cluster at the start")
                .add("cluster_doubling_epochs", ParamSpec.Type.STRING, "10,25,50,75,100,125,150,200",
                        "epochs at which the cluster size doubles")
                .add("refresh_epochs", ParamSpec.Type.INT, 5, "epochs between re-clusterings with the current model")
                .add("random_epochs", ParamSpec.Type.INT, 10, "epochs of random batches before the first clustering"
                        + " (released: 10)")
                .add(FalseNegatives.PARAM, ParamSpec.Type.BOOLEAN, FalseNegatives.DEFAULT, FalseNegatives.HELP
                        + " (not in the release)")
                .add("classifier_steps", ParamSpec.Type.INT, 0, "second stage (frozen encoder, per-label cosine"
                        + " classifiers): optimizer steps, 0 for none")
                .add("classifier_batch_size", ParamSpec.Type.INT, 2048, "second stage: queries per batch")
                .add("classifier_lr", ParamSpec.Type.DOUBLE, 1e-4, "second stage: peak learning rate")
                .add("classifier_margin", ParamSpec.Type.DOUBLE, 0.2, "second stage: triplet margin")
                .add("classifier_negatives", ParamSpec.Type.INT, 100, "second stage: negatives per query")
                .add("classifier_shortlist", ParamSpec.Type.INT, 100, "second stage: first-stage labels per query"
                        + " negatives come from")
                .add("classifier_dropout", ParamSpec.Type.DOUBLE, 0.5, "second stage: dropout on the query embedding")
                .add("threads", ParamSpec.Type.INT, 0, "engine intra-op threads (0: all cores)")
                .add("checkpoint_every", ParamSpec.Type.INT, 200, "steps between checkpoints (0: none)")
                .add("embed_batch", ParamSpec.Type.INT, 128, "texts per inference batch")
                .add("pool", ParamSpec.Type.INT, 0, "training queries to draw batches from (0: as many as the"
                        + " steps visit once, at most all)");
    }

    @Override
    public ParamSpec queryParams() {
        return inference.queryParams();
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return PrimePresets.ALL;
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx) throws IOException {
        return fit(data, p, ctx, null);
    }

    /** Fits with {@code extra} added to PRIME's loss on the final label representation (null: none). */
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx, BatchObjective extra) throws IOException {
        int batch = p.getInt("batch_size");
        int steps = p.getInt("epochs") > 0
                ? p.getInt("epochs") * Math.max(1, (data.trainLabels().rows() + batch - 1) / batch)
                : p.getInt("steps");
        float warmup = p.getInt("warmup_steps") >= 0
                ? (steps == 0 ? 0f : Math.min(1f, (float) p.getInt("warmup_steps") / steps))
                : (float) p.getDouble("warmup");
        ClassifierStage.Settings classifier = new ClassifierStage.Settings(p.getInt("classifier_steps"),
                p.getInt("classifier_batch_size"), (float) p.getDouble("classifier_lr"), 0.1f,
                (float) p.getDouble("classifier_margin"), p.getInt("classifier_negatives"),
                p.getInt("classifier_shortlist"), (float) p.getDouble("classifier_dropout"));
        PrimeTrainer.Settings s = new PrimeTrainer.Settings(p.getString("encoder"), p.getInt("max_length"),
                TextField.parse(p.getString("text")), steps, batch, (float) p.getDouble("lr"), warmup,
                (float) p.getDouble("weight_decay"), (float) p.getDouble("clip"),
                p.getBoolean("freeze_word_embeddings"), p.getBoolean("prototype_network"), p.getInt("lpn_heads"),
                p.getInt("lpn_feedforward"), (float) p.getDouble("lpn_dropout"), (float) p.getDouble("lpn_lr_scale"),
                p.getInt("free_vectors"), PrimeTrainer.CentroidUpdate.parse(p.getString("centroid_update")),
                emptyCentroidFromText(p.getString("empty_centroid")), (float) p.getDouble("beta"),
                p.getInt("negatives"), (float) p.getDouble("margin_min"),
                (float) p.getDouble("margin"), (float) p.getDouble("tau"), (float) p.getDouble("inter_weight"),
                (float) p.getDouble("dual_weight"), (float) p.getDouble("reg_weight"),
                (float) p.getDouble("reg_margin"), PrimeObjective.DualScores.parse(p.getString("dual_scores")),
                p.getBoolean("detach_violator_weights"), p.getBoolean("detach_regulariser_text"),
                PositiveSampling.parse(p.getString("positive_sampling")), (float) p.getDouble("propensity_a"),
                (float) p.getDouble("propensity_b"), new ClusterSchedule(p.getInt("cluster_size"),
                        ClusterSchedule.parseEpochs(p.getString("cluster_doubling_epochs")),
                        p.getInt("refresh_epochs"), p.getInt("random_epochs")),
                p.getBoolean(FalseNegatives.PARAM),
                classifier, p.getInt("threads"), p.getInt("checkpoint_every"), p.getInt("embed_batch"),
                p.getInt("pool"), ctx.seed());
        return PrimeTrainer.train(data, s, ctx, extra);
    }

    private static boolean emptyCentroidFromText(String v) {
        return switch (v) {
            case "zero" -> false;
            case "text" -> true;
            default -> throw new IllegalArgumentException("empty_centroid must be zero or text, got '" + v + "'");
        };
    }

    @Override
    public TopK predict(TrainedModel trained, Queries queries, int k, Params qp, RunContext ctx) {
        if (queries.texts() == null) {
            throw new IllegalArgumentException("prime needs the queries' raw texts");
        }
        return inference.predict(trained, queries, k, qp, ctx);
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        return inference.load(dir, ctx);
    }
}
