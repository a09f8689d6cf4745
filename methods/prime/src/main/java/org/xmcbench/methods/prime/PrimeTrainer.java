package org.xmcbench.methods.prime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.methods.neural.dualencoder.BalancedClusters;
import org.xmcbench.methods.neural.dualencoder.BatchPlan;
import org.xmcbench.methods.neural.dualencoder.DualEncoderModel;
import org.xmcbench.methods.neural.dualencoder.DualEncoderTrainer;
import org.xmcbench.methods.neural.dualencoder.FalseNegatives;
import org.xmcbench.methods.neural.dualencoder.TextField;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.train.BatchObjective;
import org.xmcbench.methods.neural.train.CheckpointGroup;
import org.xmcbench.methods.neural.train.Checkpoints;
import org.xmcbench.methods.neural.train.Devices;
import org.xmcbench.methods.neural.train.EngineThreads;
import org.xmcbench.methods.neural.train.Finetuner;
import org.xmcbench.methods.neural.train.ParamGroup;
import org.xmcbench.methods.neural.train.TrainingPool;

/**
 * Fits PRIME: a shared encoder for queries and label texts, fine-tuned with the Label Prototype Network on top of
 * the label side, by the dynamic-margin triplet loss on the final label representation, on the text-only one
 * (intermediate term), transposed (each label-text against the batch's queries), plus the regulariser; batches of
 * NGAME clusters whose size grows on the schedule. The result is searched like a dual encoder: the query encoder
 * against the matrix of final label representations (or, with the second stage, of the trained classifiers).
 */
final class PrimeTrainer {

    /** How the centroids move during training. */
    enum CentroidUpdate {
        /** The described update: c ← normalise(0.95·c + 0.05·q) towards each in-batch query of the label. */
        EMA,
        /** The released code's update: computed from the centroid itself, so nothing but a re-normalisation. */
        RELEASED;

        static CentroidUpdate parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "ema" -> EMA;
                case "released" -> RELEASED;
                default -> throw new IllegalArgumentException("centroid_update must be ema or released, got '" + s
                        + "'");
            };
        }
    }

    /** Fit settings (see {@link Prime#fitParams()} for their meaning and defaults). */
    record Settings(String encoder, int maxLength, TextField text, int steps, int batchSize, float learningRate,
                    float warmupRatio, float weightDecay, float clipNorm, boolean freezeWordEmbeddings,
                    boolean prototypeNetwork, int lpnHeads, int lpnFeedForward, float lpnDropout, float lpnLrScale,
                    int freeVectors, CentroidUpdate centroidUpdate, boolean textForEmptyCentroids, float beta,
                    int negatives, float marginMin, float marginMax, float tau, float interWeight, float dualWeight,
                    float regWeight, float regMargin, PrimeObjective.DualScores dualScores,
                    boolean detachViolatorWeights, boolean detachRegulariserText, PositiveSampling positiveSampling,
                    float propensityA, float propensityB, ClusterSchedule schedule, boolean maskFalseNegatives,
                    ClassifierStage.Settings classifier, int threads, int checkpointEvery, int embedBatch, int pool,
                    long seed) {}

    private PrimeTrainer() {}

    static DualEncoderModel train(XmcDataset data, Settings s, RunContext ctx, BatchObjective extra)
            throws IOException {
        DualEncoderTrainer.requireTexts(data, "prime");
        EngineThreads.set(s.threads());
        TextEncoder enc = TextEncoder.load(EncoderResolver.resolve(s.encoder()), s.maxLength(), Devices.forRun(ctx));
        PrototypeNetwork lpn = null;
        try {
            List<long[]> labelIds;
            List<long[]> queryIds;
            try (RunContext.Phase ph = ctx.phase("tokenize")) {
                labelIds = enc.tokenize(s.text().of(data.labelTexts()));
                queryIds = enc.tokenize(s.text().of(data.trainTexts()));
            }
            int[] pool = TrainingPool.of(queryIds.size(), s.pool() > 0 ? s.pool() : (long) s.steps() * s.batchSize(),
                    s.seed());
            float[] poolEmb = null;
            if (s.prototypeNetwork()) {
                // Free-vector groups from the label texts and centroids from the training queries, both under the
                // pre-trained encoder, as the release sets them up before training.
                float[] labelEmb;
                float[] queryEmb;
                try (RunContext.Phase ph = ctx.phase("embed-for-prototypes");
                     RunContext.Progress p = ctx.progress("embed labels and training queries",
                             labelIds.size() + queryIds.size())) {
                    labelEmb = enc.embedTokenized(labelIds, s.embedBatch(), p::step);
                    queryEmb = enc.embedTokenized(queryIds, s.embedBatch(), p::step);
                }
                FreeVectorMapping mapping = FreeVectorMapping.of(labelEmb, data.numLabels(), enc.dimension(),
                        s.freeVectors(), s.seed());
                ctx.record("free_vectors", mapping.numVectors());
                Engine.getEngine("PyTorch").setRandomSeed((int) (s.seed() * 7_919 + 3));
                lpn = new PrototypeNetwork(enc.dimension(), s.lpnHeads(), s.lpnFeedForward(), s.lpnDropout(),
                        mapping.vectorOf(), mapping.numVectors());
                lpn.initialize(enc.manager(), DataType.FLOAT32, new Shape(1, enc.dimension()), new Shape(1));
                lpn.setCentroids(Centroids.meanOfPositives(queryEmb, data.trainLabels(), data.numLabels(),
                        enc.dimension(), s.textForEmptyCentroids() ? labelEmb : null));
                poolEmb = new float[pool.length * enc.dimension()];
                for (int i = 0; i < pool.length; i++) {
                    System.arraycopy(queryEmb, pool[i] * enc.dimension(), poolEmb, i * enc.dimension(),
                            enc.dimension());
                }
            }
            if (s.steps() > 0) {
                finetune(data, s, ctx, enc, lpn, labelIds, queryIds, pool, poolEmb, extra);
            }
            float[] textEmb;
            try (RunContext.Phase ph = ctx.phase("embed-labels");
                 RunContext.Progress p = ctx.progress("embed labels", labelIds.size())) {
                textEmb = enc.embedTokenized(labelIds, s.embedBatch(), p::step);
            }
            float[] labelEmb = lpn == null ? textEmb : prototypes(lpn, enc, textEmb, data.numLabels(), s.embedBatch());
            if (s.classifier().steps() > 0) {
                // Second stage: encoder frozen, one cosine classifier per label, initialised from the text-only
                // (intermediate) label representation, shortlisted by the first stage's label representations.
                labelEmb = ClassifierStage.train(enc, queryIds, data.trainLabels(), textEmb, labelEmb,
                        data.numLabels(), s.classifier(), s.embedBatch(), s.seed(), ctx);
            }
            if (lpn != null) {
                lpn.close(); // its final representations are in labelEmb
            }
            return new DualEncoderModel(enc, labelEmb, data.numLabels(), s.text());
        } catch (IOException | RuntimeException e) {
            if (lpn != null) {
                lpn.close();
            }
            enc.close();
            throw e;
        }
    }

    /** Final representations of every label, row-major {@code L × H}, computed without a graph. */
    static float[] prototypes(PrototypeNetwork lpn, TextEncoder enc, float[] textEmb, int numLabels, int batch) {
        int dim = enc.dimension();
        float[] out = new float[numLabels * dim];
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int from = 0; from < numLabels; from += batch) {
                int to = Math.min(numLabels, from + batch);
                int[] labels = new int[to - from];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = from + i;
                }
                try (NDManager m = enc.manager().newSubManager()) {
                    NDArray text = m.create(java.util.Arrays.copyOfRange(textEmb, from * dim, to * dim),
                            new Shape(to - from, dim)).toDevice(enc.device(), false);
                    float[] e = lpn.forward(m, text, labels, false).toFloatArray();
                    System.arraycopy(e, 0, out, from * dim, e.length);
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return out;
    }

    private static void finetune(XmcDataset data, Settings s, RunContext ctx, TextEncoder enc, PrototypeNetwork lpn,
                                 List<long[]> labelIds, List<long[]> queryIds, int[] pool, float[] poolEmb,
                                 BatchObjective extra) throws IOException {
        enc.block().freezeWordEmbeddings(s.freezeWordEmbeddings());
        Map<String, Parameter> encParams = new LinkedHashMap<>();
        for (String n : enc.block().parameterNames()) {
            encParams.put(n, enc.block().parameter(n));
        }
        List<ParamGroup> groups = new ArrayList<>(ParamGroup.decayAndNoDecay(encParams, 1f, s.weightDecay()));
        List<ai.djl.nn.Block> parts = new ArrayList<>(List.of(enc.block()));
        if (lpn != null) {
            groups.addAll(ParamGroup.decayAndNoDecay(ParamGroup.trainable(lpn), s.lpnLrScale(), s.weightDecay()));
            parts.add(lpn);
        }
        if (extra != null) {
            extra.initialize(enc.manager(), enc.dimension());
            if (extra.head() != null) {
                groups.addAll(ParamGroup.decayAndNoDecay(ParamGroup.trainable(extra.head()), 1f, s.weightDecay()));
                parts.add(extra.head());
            }
        }
        // One checkpoint holds the encoder, the prototype network (its centroids included) and any added head.
        CheckpointGroup checkpointed = new CheckpointGroup(parts.toArray(ai.djl.nn.Block[]::new));
        int epochSteps = Math.max(1, (pool.length + s.batchSize() - 1) / s.batchSize());
        Path planFile = ctx.scratchDir().resolve("prime-batches.json");
        String fingerprint = Checkpoints.fingerprint(data.name(), data.trainLabels(), s);
        Finetuner.Settings fs = new Finetuner.Settings(s.steps(), 1, s.learningRate(), s.warmupRatio(),
                s.weightDecay(), s.clipNorm(), s.checkpointEvery(), s.seed());
        PrimeObjective objective = new PrimeObjective(new DynamicMarginTripletLoss(s.negatives(), s.marginMin(),
                s.marginMax(), s.tau(), s.detachViolatorWeights()),
                new PrototypeRegularizer(s.negatives(), s.regMargin(), s.detachRegulariserText()), s.interWeight(),
                s.dualWeight(), s.regWeight(), s.dualScores());
        float[] positiveWeights = s.positiveSampling().labelWeights(data.trainLabels(), data.numLabels(),
                s.propensityA(), s.propensityB());
        FalseNegatives falseNegatives = DualEncoderTrainer.falseNegatives(data, s.text(), s.maskFalseNegatives());
        BatchPlan[] plan = {null};
        int[] firstStep = {0};
        float[][] firstEmb = {poolEmb};
        List<int[]> updatedLabels = new ArrayList<>();
        List<float[]> updatedQueries = new ArrayList<>();
        Finetuner.LossFunction lossFn = (m, step, micro) -> {
            if (plan[0] == null) {
                boolean resuming = step == firstStep[0] && step > 0;
                plan[0] = plan(data, s, ctx, enc, queryIds, pool, step / epochSteps, step, firstEmb[0], planFile,
                        fingerprint, resuming, falseNegatives, positiveWeights);
                firstEmb[0] = null; // the pre-trained embeddings serve the first plan only
            }
            BatchPlan.Batch b = plan[0].batch(step);
            int n = b.queries().length;
            List<long[]> q = new ArrayList<>(n);
            List<long[]> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                q.add(queryIds.get(b.queries()[i]));
                l.add(labelIds.get(b.positives()[i]));
            }
            NDArray qe = enc.forward(m, enc.batch(q), true);
            NDArray xe = enc.forward(m, enc.batch(l), true);
            NDArray eye = m.eye(n).toType(DataType.FLOAT32, false);
            NDArray exclusion = exclusion(m, b.notNegative(), n);
            NDArray textScores = qe.matMul(xe.transpose());
            if (lpn == null) {
                // Ablation: the text-only label representation is the final one.
                NDArray loss = objective.withoutPrototypes(textScores, exclusion, eye);
                return extra == null ? loss : loss.add(extra.compute(m, qe, xe, b.alsoPositive(), b.falseNegative()));
            }
            NDArray le = lpn.forward(m, xe, b.positives(), true);
            NDArray loss = objective.compute(qe.matMul(le.transpose()), textScores, exclusion, eye);
            if (extra != null) {
                loss = loss.add(extra.compute(m, qe, le, b.alsoPositive(), b.falseNegative()));
            }
            updatedLabels.add(b.positives());
            updatedQueries.add(qe.stopGradient().toFloatArray());
            return loss;
        };
        double[] lossSum = {0};
        long[] started = {0};
        try (RunContext.Phase ph = ctx.phase("fine-tune");
             RunContext.Progress progress = ctx.progress("fine-tune steps", s.steps())) {
            new Finetuner(fs).run(checkpointed, enc.manager(), groups, lossFn,
                    new Checkpoints(ctx.scratchDir().resolve("checkpoints"), fingerprint),
                    new Finetuner.StepListener() {
                        @Override
                        public void onStart(int first) {
                            if (first > 0) {
                                ctx.log("resumed from the checkpoint at step " + first);
                                ctx.record("resumed_from_step", first);
                            }
                            firstStep[0] = first;
                            started[0] = System.nanoTime();
                            progress.step(first);
                        }

                        @Override
                        public void afterStep(int step, float loss, float norm, float lr) {
                            for (int i = 0; i < updatedLabels.size(); i++) {
                                lpn.updateCentroids(updatedLabels.get(i), updatedQueries.get(i), s.beta(),
                                        s.centroidUpdate() == CentroidUpdate.RELEASED);
                            }
                            updatedLabels.clear();
                            updatedQueries.clear();
                            progress.step(1);
                            lossSum[0] += loss;
                            if ((step + 1) % 50 == 0 || step + 1 == s.steps()) {
                                ctx.log(String.format(Locale.ROOT,
                                        "step %d/%d: mean loss %.4f (last %d steps), grad norm %.3f, lr %.2e",
                                        step + 1, s.steps(), lossSum[0] / ((step % 50) + 1), (step % 50) + 1, norm,
                                        lr));
                                lossSum[0] = 0;
                            }
                            int next = step + 1;
                            if (next % epochSteps == 0
                                    && s.schedule().refreshesAt(next / epochSteps, s.batchSize())) {
                                plan[0] = null; // re-cluster with the current model before the next step
                            }
                        }
                    },
                    () -> {
                        ctx.checkCancelled();
                        return false;
                    });
        }
        double seconds = (System.nanoTime() - started[0]) / 1e9;
        int done = s.steps() - firstStep[0];
        if (done > 0) {
            ctx.record("epoch_steps", epochSteps);
            ctx.record("seconds_per_epoch", seconds / done * epochSteps);
        }
    }

    /** 0 for a negative, a large negative offset for the diagonal and for labels that are not negatives of the row. */
    static NDArray exclusion(NDManager m, boolean[] notNegative, int n) {
        float[] e = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                e[i * n + j] = i == j || notNegative[i * n + j] ? DynamicMarginTripletLoss.EXCLUDED : 0f;
            }
        }
        // duplicate(): an array the engine owns, as autograd may keep it (see EngineScalars).
        try (NDArray j = m.create(e, new Shape(n, n))) {
            return j.duplicate();
        }
    }

    /**
     * The batches from {@code step} on: random in the schedule's first epochs, then the pool clustered at the
     * epoch's cluster size under the current encoder (or the given pre-trained embeddings) and packed. The
     * clusters are kept in the run's scratch, so a resumed run continues with the batches the interrupted one had.
     */
    private static BatchPlan plan(XmcDataset data, Settings s, RunContext ctx, TextEncoder enc,
                                  List<long[]> queryIds, int[] pool, int epoch, int step, float[] pretrained,
                                  Path planFile, String fingerprint, boolean resuming, FalseNegatives falseNegatives,
                                  float[] positiveWeights)
            throws IOException {
        if (s.schedule().randomAt(epoch)) {
            // A function of (seed, epoch), so a run resumed within the epoch draws the same: nothing to keep.
            long epochSeed = s.seed() * 7_919 + epoch;
            List<int[]> batches = BatchPlan.inPool(BatchPlan.randomGroups(pool.length, s.batchSize(), epochSeed), pool);
            ctx.log("batches for epoch " + epoch + ": random (clusters from epoch " + s.schedule().randomEpochs()
                    + ")");
            return new BatchPlan(batches, data.trainLabels(), epochSeed, falseNegatives,
                    positiveWeights);
        }
        SavedPlan saved = resuming ? readPlan(planFile, fingerprint, step) : null;
        if (saved != null) {
            ctx.log("batches of step " + saved.step() + " restored from the run's scratch");
            return new BatchPlan(saved.batches(), data.trainLabels(), s.seed() * 31 + saved.step(), falseNegatives,
                    positiveWeights);
        }
        long seed = s.seed() * 31 + step;
        int size = s.schedule().clusterSize(epoch, s.batchSize());
        float[] emb = pretrained;
        if (emb == null) {
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false); // called inside the step's gradient collector: embed without a graph
            try (RunContext.Phase ph = ctx.phase("mine-negatives")) {
                List<long[]> ids = new ArrayList<>(pool.length);
                for (int q : pool) {
                    ids.add(queryIds.get(q));
                }
                emb = enc.embedTokenized(ids, s.embedBatch(), null);
            } finally {
                JniUtils.setGradMode(grad);
            }
        }
        List<int[]> clusters = BalancedClusters.cluster(emb, pool.length, enc.dimension(), size, 8, seed);
        List<int[]> batches = BatchPlan.inPool(BatchPlan.packClusters(clusters, s.batchSize(), seed), pool);
        ctx.log("batches for epoch " + epoch + ": clusters of " + size + " similar queries");
        writePlan(planFile, fingerprint, step, batches);
        return new BatchPlan(batches, data.trainLabels(), seed, falseNegatives, positiveWeights);
    }

    /** The batches made at {@code step} (a re-clustering step). */
    private record SavedPlan(int step, List<int[]> batches) {}

    /** The newest batches written, if they belong to this configuration and were made at or before {@code step}. */
    private static SavedPlan readPlan(Path file, String fingerprint, int step) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        var node = new ObjectMapper().readTree(file.toFile());
        int made = node.path("step").asInt(-1);
        if (!fingerprint.equals(node.path("fingerprint").asText()) || made < 0 || made > step) {
            return null;
        }
        List<int[]> out = new ArrayList<>();
        node.path("batches").forEach(b -> {
            int[] q = new int[b.size()];
            for (int i = 0; i < q.length; i++) {
                q[i] = b.get(i).asInt();
            }
            out.add(q);
        });
        return new SavedPlan(made, out);
    }

    private static void writePlan(Path file, String fingerprint, int step, List<int[]> batches) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().writeValue(tmp.toFile(), Map.of("fingerprint", fingerprint, "step", step, "batches",
                batches));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
