package org.xmcbench.methods.neural.dualencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.LowerLayerCache;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.train.BatchObjective;
import org.xmcbench.methods.neural.train.CheckpointGroup;
import org.xmcbench.methods.neural.train.Checkpoints;
import org.xmcbench.methods.neural.train.Devices;
import org.xmcbench.methods.neural.train.EngineThreads;
import org.xmcbench.methods.neural.train.Finetuner;
import org.xmcbench.methods.neural.train.ParamGroup;
import org.xmcbench.methods.neural.train.TrainingPool;

/** Fits a {@link DualEncoderModel}: fine-tunes a shared query/label encoder, then embeds every label. */
public final class DualEncoderTrainer {

    /** Fit settings (see {@link DualEncoder#fitParams()} for their meaning and defaults). */
    public record Settings(String encoder, int maxLength, TextField text, int steps, int batchSize,
                           float learningRate, float warmupRatio, float weightDecay, float clipNorm,
                           int accumulation, ContrastiveLoss loss, float temperature, float margin,
                           boolean clusteredBatches, int clusterSize, int refreshEvery, boolean maskFalseNegatives,
                           boolean labelNegatives, int labelCacheEvery,
                           boolean freezeWordEmbeddings, int trainLayers,
                           int threads, int checkpointEvery, int embedBatch, int pool, long seed) {}

    private DualEncoderTrainer() {}

    public static DualEncoderModel train(XmcDataset data, Settings s, RunContext ctx) throws IOException {
        return train(data, s, ctx, null);
    }

    /** As {@link #train(XmcDataset, Settings, RunContext)}, with {@code extra} added to the loss (null: none). */
    public static DualEncoderModel train(XmcDataset data, Settings s, RunContext ctx, BatchObjective extra)
            throws IOException {
        requireTexts(data, "dual-encoder");
        EngineThreads.set(s.threads());
        TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(s.encoder()), s.maxLength(), Devices.forRun(ctx));
        try {
            List<long[]> labelIds;
            try (RunContext.Phase ph = ctx.phase("tokenize")) {
                labelIds = enc.tokenize(s.text().of(data.labelTexts()));
            }
            LowerLayerCache labelStates = null;
            if (s.steps() > 0) {
                labelStates = finetune(data, s, ctx, enc, labelIds, extra);
            }
            float[] labelEmb;
            try (RunContext.Phase ph = ctx.phase("embed-labels");
                 RunContext.Progress p = ctx.progress("embed labels", labelIds.size())) {
                labelEmb = labelStates != null ? labelStates.embedAll(s.embedBatch(), p::step)
                        : enc.embedTokenized(labelIds, s.embedBatch(), p::step);
            }
            return new DualEncoderModel(enc, labelEmb, data.numLabels(), s.text());
        } catch (IOException | RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    /** Refuses a dataset without query texts, or without one text per label, naming the method that needs them. */
    public static void requireTexts(XmcDataset data, String method) {
        if (data.trainTexts() == null || data.labelTexts() == null) {
            throw new IllegalArgumentException(data.name() + " has no raw texts and label texts; " + method
                    + " needs both (an LF-style dataset, e.g. LF-debian-deps)");
        }
        if (data.labelTexts().size() != data.numLabels()) {
            throw new IllegalArgumentException(data.name() + ": " + data.labelTexts().size() + " label texts for "
                    + data.numLabels() + " labels");
        }
    }

    /**
     * Fine-tunes {@code enc} in place. Returns the labels' cached lower-layer states when only the top
     * {@code trainLayers} layers were trained (they give the final label embeddings cheaply), else null.
     */
    private static LowerLayerCache finetune(XmcDataset data, Settings s, RunContext ctx, TextEncoder enc,
                                            List<long[]> labelIds, BatchObjective extra) throws IOException {
        List<long[]> queryIds;
        try (RunContext.Phase ph = ctx.phase("tokenize")) {
            queryIds = enc.tokenize(s.text().of(data.trainTexts()));
        }
        enc.block().freezeWordEmbeddings(s.freezeWordEmbeddings());
        int[] pool = pool(queryIds.size(), s);
        TopLayerStates cached = TopLayerStates.build(s, ctx, enc, queryIds, labelIds, pool);
        Map<String, Parameter> params = new LinkedHashMap<>();
        for (String n : enc.block().parameterNames()) {
            if (enc.block().parameter(n).requiresGradient()) {
                params.put(n, enc.block().parameter(n));
            }
        }
        // With re-mining (or a label cache), checkpoints fall on re-mining (and cache) steps, so a resumed run
        // clusters from, and scores against, what the uninterrupted one did.
        int period = refreshPeriod(s);
        int checkpointEvery = period > 0 && s.checkpointEvery() > 0
                ? Math.max(1, Math.round((float) s.checkpointEvery() / period)) * period
                : s.checkpointEvery();
        Finetuner.Settings fs = new Finetuner.Settings(s.steps(), s.accumulation(), s.learningRate(),
                s.warmupRatio(), s.weightDecay(), s.clipNorm(), checkpointEvery, s.seed());
        List<ParamGroup> groups = new ArrayList<>(ParamGroup.decayAndNoDecay(params, 1f, s.weightDecay()));
        CheckpointGroup checkpointed = new CheckpointGroup(enc.block());
        if (extra != null) {
            extra.initialize(enc.manager(), enc.dimension());
            if (extra.head() != null) {
                groups.addAll(ParamGroup.decayAndNoDecay(ParamGroup.trainable(extra.head()), 1f, s.weightDecay()));
                checkpointed = new CheckpointGroup(enc.block(), extra.head());
            }
        }
        LowerLayerCache poolStates = cached == null ? null : cached.queries();
        // The first plan comes from the encoder as loaded (before any checkpoint is restored into it).
        BatchPlan[] plan = {plan(data, s, ctx, enc, queryIds, pool, 0, poolStates)};
        LabelCacheNegatives labelCache = s.labelNegatives() ? new LabelCacheNegatives(data.trainLabels(),
                falseNegatives(data, s.text(), s.maskFalseNegatives()), data.numLabels(), enc.dimension()) : null;
        boolean[] cacheStale = {labelCache != null};
        LowerLayerCache labelStates = cached == null ? null : cached.labels();
        Finetuner.LossFunction lossFn = (m, step, micro) -> {
            if (plan[0] == null) {
                plan[0] = plan(data, s, ctx, enc, queryIds, pool, step, poolStates);
            }
            BatchPlan.Batch b = plan[0].batch(step * s.accumulation() + micro);
            NDArray qe;
            NDArray le;
            if (cached != null) {
                int[] q = new int[b.queries().length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = cached.poolSlot()[b.queries()[i]];
                }
                qe = cached.queries().forward(m, q, true);
                le = cached.labels().forward(m, b.positives(), true);
            } else {
                List<long[]> q = new ArrayList<>(b.queries().length);
                List<long[]> l = new ArrayList<>(b.queries().length);
                for (int i = 0; i < b.queries().length; i++) {
                    q.add(queryIds.get(b.queries()[i]));
                    l.add(labelIds.get(b.positives()[i]));
                }
                qe = enc.forward(m, enc.batch(q), true);
                le = enc.forward(m, enc.batch(l), true);
            }
            NDArray more = null;
            if (labelCache != null) {
                if (cacheStale[0]) {
                    refreshLabelCache(labelCache, enc, labelStates, labelIds, s.embedBatch(), ctx);
                    cacheStale[0] = false;
                }
                more = labelCache.scores(m, qe, b.queries(), b.positives());
            }
            NDArray loss = s.loss().compute(m, qe, le, b.notNegative(), s.temperature(), s.margin(), more);
            return extra == null ? loss : loss.add(extra.compute(m, qe, le, b.alsoPositive(), b.falseNegative()));
        };
        double[] lossSum = {0};
        try (RunContext.Phase ph = ctx.phase("fine-tune");
             RunContext.Progress progress = ctx.progress("fine-tune steps", s.steps())) {
            new Finetuner(fs).run(checkpointed, enc.manager(), groups, lossFn,
                    new Checkpoints(ctx.scratchDir().resolve("checkpoints"),
                            Checkpoints.fingerprint(data.name(), data.trainLabels(), s)),
                    new Finetuner.StepListener() {
                        @Override
                        public void onStart(int firstStep) {
                            if (firstStep > 0) {
                                // A requeued or restarted run continues from its last checkpoint in the run's scratch.
                                ctx.log("resumed from the checkpoint at step " + firstStep);
                                ctx.record("resumed_from_step", firstStep);
                            }
                            if (firstStep > 0 && s.refreshEvery() > 0) {
                                plan[0] = null; // resumed at a re-mining step: mine with the restored model
                            }
                            progress.step(firstStep);
                        }

                        @Override
                        public void afterStep(int step, float loss, float norm, float lr) {
                            progress.step(1);
                            lossSum[0] += loss;
                            if ((step + 1) % 50 == 0 || step + 1 == s.steps()) {
                                ctx.log(String.format(java.util.Locale.ROOT,
                                        "step %d/%d: mean loss %.4f (last %d steps), grad norm %.3f, lr %.2e",
                                        step + 1, s.steps(), lossSum[0] / ((step % 50) + 1), (step % 50) + 1, norm,
                                        lr));
                                lossSum[0] = 0;
                            }
                            if (s.refreshEvery() > 0 && (step + 1) % s.refreshEvery() == 0) {
                                plan[0] = null; // re-mine with the current model before the next step
                            }
                            if (labelCache != null && (step + 1) % s.labelCacheEvery() == 0) {
                                cacheStale[0] = true; // re-embed every label before the next step
                            }
                        }
                    },
                    () -> {
                        ctx.checkCancelled();
                        return false;
                    });
        } finally {
            if (labelCache != null) {
                labelCache.close();
            }
        }
        return cached == null ? null : cached.labels();
    }

    /**
     * With {@code train_layers}, the frozen lower layers' states of the query pool and of every label, and where
     * each training query sits in the pool ({@code poolSlot[query]}, -1 outside it); null when all layers train.
     */
    private record TopLayerStates(LowerLayerCache queries, LowerLayerCache labels, int[] poolSlot) {
        static TopLayerStates build(Settings s, RunContext ctx, TextEncoder enc, List<long[]> queryIds,
                                    List<long[]> labelIds, int[] pool) {
            int layers = enc.block().config().numLayers();
            int split = LowerLayerCache.frozenLayers(s.trainLayers(), layers);
            if (split == 0) {
                return null;
            }
            LowerLayerCache queries;
            LowerLayerCache labels;
            try (RunContext.Phase ph = ctx.phase("cache-lower-layers");
                 RunContext.Progress p = ctx.progress("cache lower layers", pool.length + labelIds.size())) {
                List<long[]> poolIds = new ArrayList<>(pool.length);
                for (int q : pool) {
                    poolIds.add(queryIds.get(q));
                }
                queries = LowerLayerCache.build(enc, split, poolIds, s.embedBatch(), p::step);
                labels = LowerLayerCache.build(enc, split, labelIds, s.embedBatch(), p::step);
            }
            int[] slot = new int[queryIds.size()];
            java.util.Arrays.fill(slot, -1);
            for (int i = 0; i < pool.length; i++) {
                slot[pool[i]] = i;
            }
            ctx.log("fine-tuning the top " + (layers - split) + " of " + layers + " layers; the " + split
                    + " below are frozen and cached");
            return new TopLayerStates(queries, labels, slot);
        }
    }

    /** Steps between the model-dependent refreshes (re-mining, label cache) that checkpoints must fall on; 0: none. */
    static int refreshPeriod(Settings s) {
        int mine = Math.max(0, s.refreshEvery());
        int cache = s.labelNegatives() ? s.labelCacheEvery() : 0;
        if (mine == 0 || cache == 0) {
            return Math.max(mine, cache);
        }
        return mine / java.math.BigInteger.valueOf(mine).gcd(java.math.BigInteger.valueOf(cache)).intValue() * cache;
    }

    /** Every label embedded by the current model, without a graph (called inside the step's gradient collector). */
    private static void refreshLabelCache(LabelCacheNegatives cache, TextEncoder enc, LowerLayerCache labelStates,
                                          List<long[]> labelIds, int embedBatch, RunContext ctx) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (RunContext.Phase ph = ctx.phase("label-cache")) {
            float[] emb = labelStates != null ? labelStates.embedAll(embedBatch, null)
                    : enc.embedTokenized(labelIds, embedBatch, null);
            cache.refresh(enc.manager(), emb);
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    /** The false negatives to mask (null when switched off), from the texts as the encoder reads them. */
    public static FalseNegatives falseNegatives(XmcDataset data, TextField text, boolean mask) {
        return mask ? FalseNegatives.of(data.trainFilter(), text.of(data.trainTexts()), text.of(data.labelTexts()))
                : null;
    }

    static int[] pool(int numQueries, Settings s) {
        return TrainingPool.of(numQueries, s.pool() > 0 ? s.pool() : (long) s.steps() * s.accumulation()
                * s.batchSize(), s.seed());
    }

    /**
     * The batches: NGAME's clusters of similar queries under the current encoder, packed into batches of the size
     * asked for, or random groups.
     */
    private static BatchPlan plan(XmcDataset data, Settings s, RunContext ctx, TextEncoder enc,
                                  List<long[]> queryIds, int[] pool, int step, LowerLayerCache poolStates) {
        long seed = s.seed() * 31 + step; // step is 0 or a re-mining step, also after a resume
        List<int[]> local;
        if (s.clusteredBatches()) {
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false); // called inside the step's gradient collector: embed without a graph
            try (RunContext.Phase ph = ctx.phase("mine-negatives")) {
                float[] emb;
                if (poolStates != null) {
                    emb = poolStates.embedAll(s.embedBatch(), null); // cache entry i is pool[i]
                } else {
                    List<long[]> ids = new ArrayList<>(pool.length);
                    for (int q : pool) {
                        ids.add(queryIds.get(q));
                    }
                    emb = enc.embedTokenized(ids, s.embedBatch(), null);
                }
                local = BatchPlan.packClusters(BalancedClusters.cluster(emb, pool.length, enc.dimension(),
                        Math.min(s.clusterSize(), s.batchSize()), 8, seed), s.batchSize(), seed);
            } finally {
                JniUtils.setGradMode(grad);
            }
        } else {
            local = BatchPlan.randomGroups(pool.length, s.batchSize(), seed);
        }
        return new BatchPlan(BatchPlan.inPool(local, pool), data.trainLabels(), seed,
                falseNegatives(data, s.text(), s.maskFalseNegatives()), null);
    }
}
