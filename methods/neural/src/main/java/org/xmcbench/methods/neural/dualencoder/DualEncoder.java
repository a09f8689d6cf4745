package org.xmcbench.methods.neural.dualencoder;

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
import org.xmcbench.methods.neural.search.HnswLabelIndex;
import org.xmcbench.methods.neural.search.LabelIndex;
import org.xmcbench.methods.neural.train.BatchObjective;
import org.xmcbench.methods.neural.train.Devices;
import org.xmcbench.methods.neural.train.EngineThreads;

/**
 * The dual-encoder baseline (NGAME / DEXML style): one encoder embeds queries and label texts, fine-tuned so that a
 * query's embedding is closest to its labels'; prediction is a top-k search over the label embeddings. With
 * {@code steps=0} it is the pre-trained encoder used zero-shot.
 */
public final class DualEncoder implements MethodStrategy {
    @Override
    public String id() {
        return "dual-encoder";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("Dual encoder (NGAME/DEXML-style siamese baseline)",
                "NGAME: Negative Mining-aware Mini-batching for Extreme Classification (WSDM)", 2023,
                Set.of(MethodDescriptor.Input.RAW_TEXT, MethodDescriptor.Input.LABEL_TEXT,
                        MethodDescriptor.Input.TRAIN_LABELS), true, true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec()
                .add("encoder", ParamSpec.Type.STRING, "all-MiniLM-L6-v2",
                        "catalogued encoder id or a local Hugging Face model folder")
                .add("max_length", ParamSpec.Type.INT, 32, "tokens per text (32 for titles, 128/256 for full text)")
                .add("text", ParamSpec.Type.STRING, "title", "title | title+content")
                .add("steps", ParamSpec.Type.INT, 500, "optimizer steps (0: zero-shot, no fine-tuning)")
                .add("batch_size", ParamSpec.Type.INT, 64, "queries per batch (each brings one positive label)")
                .add("lr", ParamSpec.Type.DOUBLE, 2e-4, "peak learning rate (AdamW)")
                .add("warmup", ParamSpec.Type.DOUBLE, 0.1, "share of steps of linear warm-up")
                .add("weight_decay", ParamSpec.Type.DOUBLE, 0.01, "decoupled weight decay (not on bias/LayerNorm)")
                .add("clip", ParamSpec.Type.DOUBLE, 1.0, "global gradient-norm clip (0: off)")
                .add("accumulation", ParamSpec.Type.INT, 1, "micro-batches per optimizer step")
                .add("loss", ParamSpec.Type.STRING, "softmax", "softmax (in-batch InfoNCE) | triplet")
                .add("temperature", ParamSpec.Type.DOUBLE, 0.05, "softmax temperature")
                .add("margin", ParamSpec.Type.DOUBLE, 0.3, "triplet margin")
                .add("negatives", ParamSpec.Type.STRING, "clustered",
                        "clustered (NGAME: batches of similar queries) | random")
                .add("cluster_size", ParamSpec.Type.INT, 8, "queries per mined cluster; clusters are packed into"
                        + " batches of batch_size (NGAME: 2 growing to 512, packed into batches of 1,600)")
                .add(FalseNegatives.PARAM, ParamSpec.Type.BOOLEAN, FalseNegatives.DEFAULT, FalseNegatives.HELP)
                .add("label_negatives", ParamSpec.Type.BOOLEAN, false, "also score each query against a cached"
                        + " embedding of every label (no gradient on that side), so labels no batch holds are pushed"
                        + " away too (DEXML trains against all labels)")
                .add("label_cache_every", ParamSpec.Type.INT, 100, "steps between re-embeddings of every label for"
                        + " label_negatives")
                .add("refresh_every", ParamSpec.Type.INT, 0, "re-mine clusters every N steps with the current model"
                        + " (0: once, from the pre-trained encoder)")
                .add("freeze_word_embeddings", ParamSpec.Type.BOOLEAN, true,
                        "keep the 30K x H token table fixed (the largest tensor; saves most of the update time)")
                .add("train_layers", ParamSpec.Type.INT, 0, "fine-tune only the top N transformer layers (0: all);"
                        + " the layers below are frozen and their states computed once, so a step costs a fraction")
                .add("threads", ParamSpec.Type.INT, 0, "engine intra-op threads (0: all cores); a run repeats bit for bit"
                        + " with the same seed and thread count")
                .add("checkpoint_every", ParamSpec.Type.INT, 200, "steps between checkpoints (0: none)")
                .add("embed_batch", ParamSpec.Type.INT, 128, "texts per inference batch")
                .add("pool", ParamSpec.Type.INT, 0, "training queries to draw batches from (0: as many as the"
                        + " steps visit once, at most all)");
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec()
                .add("search", ParamSpec.Type.STRING, "exact", "exact | hnsw")
                .add("hnsw_m", ParamSpec.Type.INT, 16, "HNSW graph degree")
                .add("hnsw_ef_construction", ParamSpec.Type.INT, 200, "HNSW build beam")
                .add("hnsw_ef", ParamSpec.Type.INT, 100, "HNSW search beam");
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of();
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx) throws IOException {
        return fit(data, p, ctx, null);
    }

    /** Fits with {@code extra} added to the contrastive loss (null: none). */
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx, BatchObjective extra) throws IOException {
        boolean clustered = switch (p.getString("negatives")) {
            case "clustered" -> true;
            case "random" -> false;
            default -> throw new IllegalArgumentException("negatives must be clustered or random, got '"
                    + p.getString("negatives") + "'");
        };
        if (p.getBoolean("label_negatives") && p.getInt("label_cache_every") < 1) {
            throw new IllegalArgumentException("label_cache_every must be >= 1 with label_negatives, got "
                    + p.getInt("label_cache_every"));
        }
        DualEncoderTrainer.Settings s = new DualEncoderTrainer.Settings(p.getString("encoder"),
                p.getInt("max_length"), TextField.parse(p.getString("text")), p.getInt("steps"),
                p.getInt("batch_size"), (float) p.getDouble("lr"), (float) p.getDouble("warmup"),
                (float) p.getDouble("weight_decay"), (float) p.getDouble("clip"), p.getInt("accumulation"),
                ContrastiveLoss.parse(p.getString("loss")), (float) p.getDouble("temperature"),
                (float) p.getDouble("margin"), clustered, p.getInt("cluster_size"), p.getInt("refresh_every"),
                p.getBoolean(FalseNegatives.PARAM), p.getBoolean("label_negatives"), p.getInt("label_cache_every"),
                p.getBoolean("freeze_word_embeddings"), p.getInt("train_layers"), p.getInt("threads"), p.getInt("checkpoint_every"),
                p.getInt("embed_batch"), p.getInt("pool"), ctx.seed());
        return DualEncoderTrainer.train(data, s, ctx, extra);
    }

    @Override
    public TopK predict(TrainedModel trained, Queries queries, int k, Params qp, RunContext ctx) {
        if (queries.texts() == null) {
            throw new IllegalArgumentException("dual-encoder needs the queries' raw texts");
        }
        DualEncoderModel model = (DualEncoderModel) trained;
        float[] q = model.encoder().embedTokenized(
                model.encoder().tokenize(model.textField().of(queries.texts())), 128, null);
        LabelIndex index = switch (qp.getString("search")) {
            case "exact" -> model.exactIndex();
            case "hnsw" -> model.hnswIndex(new HnswLabelIndex.Options(qp.getInt("hnsw_m"),
                    qp.getInt("hnsw_ef_construction"), qp.getInt("hnsw_ef"),
                    Runtime.getRuntime().availableProcessors()));
            default -> throw new IllegalArgumentException("search must be exact or hnsw, got '"
                    + qp.getString("search") + "'");
        };
        return index.search(q, queries.size(), k);
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        EngineThreads.set(1);
        return DualEncoderModel.load(dir, Devices.forRun(ctx));
    }
}
