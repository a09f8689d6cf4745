package org.xmcbench.methods.elias;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.train.Finetuner;
import org.xmcbench.methods.neural.train.LossLog;
import org.xmcbench.methods.neural.train.SeededOrder;
import org.xmcbench.methods.neural.train.ParamGroup;

/**
 * Trains one ELIAS stage: the encoder, {@code W_C}, {@code W_L} and (stage 2) the adjacency, with AdamW in the
 * released optimiser groups — encoder at {@code lr_tf}, {@code W_L} and {@code A} at {@code lr_wl}, {@code W_C} at
 * {@code lr} — weight decay on weights only, linear warm-up over a tenth of the steps then linear decay. In stage 2
 * the labels' parent clusters follow the learned adjacency, recomputed once per pass over the data, and stochastic
 * weight averaging (SWA) can average the weights from a given step on (the adjacency is not averaged).
 */
final class StageTrainer {

    /** One stage's settings (see {@link Elias#fitParams()}). */
    record Settings(String name, int steps, int batchSize, float lrEncoder, float lrLabels, float lrOther,
                    float weightDecay, float warmup, float dropout, int beam, int shortlist, float lambda,
                    boolean swa, int swaStart, int swaEvery, long seed) {}

    /** Texts per inference batch when a frozen encoder's embeddings are cached. */
    private static final int FROZEN_EMBED_BATCH = 64;

    private StageTrainer() {}

    /** Trains {@code net} and the encoder in place; returns what run.json keeps of the stage. */
    static Map<String, Object> train(TextEncoder enc, EliasNetwork net, List<long[]> ids, CsrMatrix y,
            Settings s, RunContext ctx) throws IOException {
        int n = ids.size();
        int batch = Math.min(s.batchSize(), n);
        int stepsPerEpoch = Math.max(1, n / batch);
        int[] order = SeededOrder.permutation(n, s.seed() * 7919 + 1);
        int[][] positives = new int[n][];
        for (int i = 0; i < n; i++) {
            positives[i] = new int[y.rowNnz(i)];
            for (int j = 0; j < positives[i].length; j++) {
                positives[i][j] = y.index(y.rowStart(i) + j);
            }
        }
        ClusterAdjacency adj = net.adjacency();
        int[][] parents = {adj.parents(net.edgeWeightsHost())};

        Map<String, Parameter> encoderParams = new LinkedHashMap<>();
        for (String p : enc.block().parameterNames()) {
            encoderParams.put(p, enc.block().parameter(p));
        }
        // Finetuner schedules one peak rate and each group scales it; the peak is the largest of the three rates, so
        // each group trains at its own absolute rate and a rate of 0 (lr_tf=0: a frozen encoder) is a group left out,
        // its parameters frozen for the stage, not a division by zero.
        float peak = Math.max(s.lrEncoder(), Math.max(s.lrLabels(), s.lrOther()));
        if (!(peak > 0)) {
            throw new IllegalArgumentException(s.name() + ": every learning rate is 0, nothing would train");
        }
        List<ParamGroup> groups = new ArrayList<>();
        if (s.lrEncoder() > 0) {
            groups.addAll(ParamGroup.decayAndNoDecay(encoderParams, s.lrEncoder() / peak, s.weightDecay()));
        }
        Map<String, Parameter> labels = new LinkedHashMap<>();
        Map<String, Parameter> other = new LinkedHashMap<>();
        net.parameters().forEach((k, v) -> (k.startsWith("WC.") ? other : labels).put(k, v));
        if (s.lrLabels() > 0) {
            groups.addAll(ParamGroup.decayAndNoDecay(labels, s.lrLabels() / peak, s.weightDecay()));
        }
        if (s.lrOther() > 0) {
            groups.addAll(ParamGroup.decayAndNoDecay(other, s.lrOther() / peak, s.weightDecay()));
        }
        groups.removeIf(g -> g.parameters().isEmpty());
        List<Parameter> frozenHere = new ArrayList<>();
        if (s.lrEncoder() == 0) { // no gradient through the encoder at all: cheaper, and nothing accumulates
            for (Parameter p : encoderParams.values()) {
                if (p.requiresGradient()) {
                    p.freeze(true);
                    frozenHere.add(p);
                }
            }
        }
        try {
            return trainGroups(enc, net, ids, y, s, ctx, groups, encoderParams, peak, batch, stepsPerEpoch, order,
                    positives, adj, parents);
        } finally {
            frozenHere.forEach(p -> p.freeze(false));
        }
    }

    private static Map<String, Object> trainGroups(TextEncoder enc, EliasNetwork net, List<long[]> ids, CsrMatrix y,
            Settings s, RunContext ctx, List<ParamGroup> groups, Map<String, Parameter> encoderParams, float peak,
            int batch, int stepsPerEpoch, int[] order, int[][] positives, ClusterAdjacency adj, int[][] parents)
            throws IOException {
        int n = ids.size();
        int dim = enc.dimension();
        // A frozen encoder gives every point the same embedding at every step: embed each point once (inference
        // mode) and train the heads on the cache, epochs of them in minutes where the encoder's forward took hours.
        float[] frozen = s.lrEncoder() == 0 ? enc.embedTokenized(ids, FROZEN_EMBED_BATCH, null) : null;
        if (frozen != null) {
            ctx.log(s.name() + ": frozen encoder, " + n + " points embedded once; the heads train on the cache");
        }

        List<Float> losses = new ArrayList<>();
        int[] shortlistStats = new int[4];
        Finetuner.LossFunction lossFn = (m, step, micro) -> {
            int from = (int) ((long) step * batch % n);
            List<long[]> batchIds = new ArrayList<>(batch);
            int[][] batchPositives = new int[batch][];
            for (int b = 0; b < batch; b++) {
                int r = order[(from + b) % n];
                batchIds.add(ids.get(r));
                batchPositives[b] = positives[r];
            }
            NDArray encoded;
            if (frozen != null) {
                float[] rows = new float[batch * dim];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(frozen, order[(from + b) % n] * dim, rows, b * dim, dim);
                }
                encoded = m.create(rows, new Shape(batch, dim));
            } else {
                encoded = enc.forward(m, enc.batch(batchIds), true);
            }
            NDArray h = Dropout.dropout(encoded, s.dropout(), true).singletonOrThrow();
            EliasLoss.Parts parts = EliasLoss.compute(m, net, h, batchPositives, parents[0], s.beam(), s.shortlist(),
                    s.lambda(), new Random(s.seed() * 1_000_003L + step));
            shortlistStats[0] += parts.positivesInShortlist();
            shortlistStats[1] += parts.positivesReached();
            shortlistStats[2] += parts.positives();
            shortlistStats[3] = parts.shortlistWidth();
            return parts.loss();
        };
        Swa swa = s.swa() ? new Swa(encoderParams, net.parameters()) : null;
        Finetuner.Settings fs = new Finetuner.Settings(s.steps(), 1, peak, s.warmup(), s.weightDecay(), 0f,
                0, s.seed() * 31 + 7);
        try (RunContext.Progress progress = ctx.progress(s.name(), s.steps())) {
            new Finetuner(fs).run(enc.block(), enc.manager(), groups, lossFn, null, (step, loss, norm, lr) -> {
                progress.step(1);
                losses.add(loss);
                if (net.learnedAdjacency() && (step + 1) % stepsPerEpoch == 0) {
                    parents[0] = adj.parents(net.edgeWeightsHost());
                }
                if (swa != null && step + 1 >= s.swaStart() && (step + 1 - s.swaStart()) % s.swaEvery() == 0) {
                    swa.add();
                }
                if ((step + 1) % 25 == 0 || step + 1 == s.steps()) {
                    int window = Math.min(25, losses.size());
                    double mean = LossLog.mean(losses, losses.size() - window, losses.size());
                    ctx.log(String.format(Locale.ROOT, "%s: step %d/%d, mean loss %.5f (last %d), lr %.2e,"
                            + " positives in the shortlist %.1f%% (reached by a path %.1f%%), shortlist %d", s.name(),
                            step + 1, s.steps(), mean, window, lr,
                            100.0 * shortlistStats[0] / Math.max(1, shortlistStats[2]),
                            100.0 * shortlistStats[1] / Math.max(1, shortlistStats[2]), shortlistStats[3]));
                    shortlistStats[0] = shortlistStats[1] = shortlistStats[2] = 0;
                }
            }, () -> {
                ctx.checkCancelled();
                return false;
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps", s.steps());
        out.put("batch_size", batch);
        out.put("instances", n);
        if (swa != null) {
            out.put("swa_models", swa.models());
            swa.apply();
        }
        out.putAll(LossLog.summary(losses));
        return out;
    }
}
