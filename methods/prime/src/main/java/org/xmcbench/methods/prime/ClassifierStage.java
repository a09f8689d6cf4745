package org.xmcbench.methods.prime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.methods.neural.encoder.EngineScalars;
import org.xmcbench.methods.neural.encoder.TextEncoder;
import org.xmcbench.methods.neural.search.ExactInnerProductIndex;
import org.xmcbench.methods.neural.search.LabelIndex;
import org.xmcbench.methods.neural.train.Finetuner;
import org.xmcbench.methods.neural.train.ParamGroup;

/**
 * PRIME's optional second stage (the release's "M-II"): the encoder is frozen and every label gets a cosine
 * classifier, initialised from its text-only (intermediate) representation and trained by a triplet margin loss
 * against the hardest negatives of each query's shortlist (the first stage's top labels for it). Prediction then
 * ranks labels by the cosine of the query embedding with these classifiers.
 */
final class ClassifierStage {

    /**
     * @param steps optimizer steps (0: no second stage)
     * @param shortlist first-stage labels per query that negatives are drawn from
     */
    record Settings(int steps, int batchSize, float learningRate, float warmupRatio, float margin, int negatives,
                    int shortlist, float dropout) {}

    private ClassifierStage() {}

    /** Returns the classifiers, l2-normalised, row-major {@code L × H}. */
    static float[] train(TextEncoder enc, List<long[]> queryIds, CsrMatrix y, float[] textEmb, float[] stageOneEmb,
                         int numLabels, Settings s, int embedBatch, long seed, RunContext ctx) throws IOException {
        int dim = enc.dimension();
        float[] queries;
        try (RunContext.Phase ph = ctx.phase("classifier-embed");
             RunContext.Progress p = ctx.progress("embed training queries (frozen encoder)", queryIds.size())) {
            queries = enc.embedTokenized(queryIds, embedBatch, p::step);
        }
        int n = queryIds.size();
        int[][] shortlist = new int[n][];
        try (RunContext.Phase ph = ctx.phase("classifier-shortlist");
             LabelIndex index = ExactInnerProductIndex.of(stageOneEmb, numLabels, dim)) {
            TopK top = index.search(queries, n, Math.min(s.shortlist(), numLabels));
            for (int q = 0; q < n; q++) {
                Set<Integer> positives = positives(y, q);
                List<Integer> negs = new ArrayList<>();
                for (int r = 0; r < top.k(); r++) {
                    int l = top.label(q, r);
                    if (l >= 0 && !positives.contains(l)) {
                        negs.add(l);
                    }
                }
                shortlist[q] = negs.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        List<Integer> trainable = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (y.rowEnd(q) > y.rowStart(q) && shortlist[q].length > 0) {
                trainable.add(q);
            }
        }
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("classifier stage: no training query has both a label and a"
                    + " shortlisted negative");
        }
        NDManager manager = enc.manager().newSubManager();
        try {
            Parameter w = Parameter.builder().setName("classifier.weight").setType(Parameter.Type.WEIGHT).build();
            try (NDArray init = manager.create(textEmb, new Shape(numLabels, dim))) {
                w.setArray(init.duplicate());
            }
            w.getArray().setRequiresGradient(true);
            NDArray qAll = manager.create(queries, new Shape(n, dim));
            int k = Math.max(1, s.negatives());
            Finetuner.Settings fs = new Finetuner.Settings(s.steps(), 1, s.learningRate(), s.warmupRatio(), 0f, 0f,
                    0, seed);
            Finetuner.LossFunction loss = (m, step, micro) -> {
                Random rnd = new Random(seed * 1_000_033L + step);
                int b = Math.min(s.batchSize(), trainable.size());
                long[] qs = new long[b];
                long[] cand = new long[b * (1 + k)];
                float[] valid = new float[b * k];
                for (int i = 0; i < b; i++) {
                    int q = trainable.get(rnd.nextInt(trainable.size()));
                    qs[i] = q;
                    long start = y.rowStart(q);
                    cand[i * (1 + k)] = y.index(start + rnd.nextInt((int) (y.rowEnd(q) - start)));
                    int[] negs = shortlist[q];
                    for (int j = 0; j < k; j++) {
                        cand[i * (1 + k) + 1 + j] = negs[j % negs.length];
                        valid[i * k + j] = j < negs.length ? 1f : 0f;
                    }
                }
                NDArray qe = Embedding.embedding(m.create(qs), qAll, SparseFormat.DENSE).singletonOrThrow(); // frozen
                if (s.dropout() > 0) {
                    qe = Dropout.dropout(qe, s.dropout(), true).singletonOrThrow();
                }
                NDArray rows = Embedding.embedding(m.create(cand), w.getArray(), SparseFormat.DENSE)
                        .singletonOrThrow().reshape(b, 1 + k, dim);
                rows = PrototypeNetwork.l2Normalize(rows.reshape(b * (1 + k), dim)).reshape(b, 1 + k, dim);
                NDArray scores = rows.matMul(PrototypeNetwork.l2Normalize(qe).expandDims(2)).squeeze(2); // (b,1+k)
                NDArray pos = scores.get(":, 0:1");
                NDArray neg = scores.get(":, 1:");
                NDArray mask;
                try (NDArray v = m.create(valid, new Shape(b, k))) {
                    mask = v.duplicate();
                }
                NDArray hinge = EngineScalars.maximum(neg.sub(pos).add(s.margin()), 0f).mul(mask);
                return hinge.sum(new int[] {1}).mean();
            };
            try (RunContext.Phase ph = ctx.phase("classifier-train");
                 RunContext.Progress p = ctx.progress("classifier steps", s.steps())) {
                new Finetuner(fs).run(null, manager,
                        List.of(new ParamGroup(Map.of(w.getName(), w), 1f, 0f)), loss, null,
                        (step, l, norm, lr) -> {
                            p.step(1);
                            if ((step + 1) % 100 == 0 || step + 1 == s.steps()) {
                                ctx.log(String.format(java.util.Locale.ROOT, "classifier step %d/%d: loss %.4f",
                                        step + 1, s.steps(), l));
                            }
                        },
                        () -> {
                            ctx.checkCancelled();
                            return false;
                        });
            }
            try (NDArray normalized = PrototypeNetwork.l2Normalize(w.getArray())) {
                return normalized.toFloatArray();
            }
        } finally {
            manager.close();
        }
    }

    private static Set<Integer> positives(CsrMatrix y, int q) {
        Set<Integer> out = new HashSet<>();
        for (long p = y.rowStart(q); p < y.rowEnd(q); p++) {
            out.add(y.index(p));
        }
        return out;
    }
}
