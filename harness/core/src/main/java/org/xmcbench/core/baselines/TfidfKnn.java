package org.xmcbench.core.baselines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.IntStream;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.io.CsrBinary;

/**
 * A k-nearest-neighbour baseline on sparse features: cosine similarity (rows l2-normalised) through an inverted
 * index; a label's score is the summed similarity of the query's {@code neighbours} nearest train points that
 * carry it. Deterministic (ties by ascending id).
 */
public final class TfidfKnn implements MethodStrategy {
    @Override
    public String id() {
        return "tfidf-knn";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("TF-IDF kNN", "baseline", 0,
                Set.of(MethodDescriptor.Input.SPARSE_FEATURES, MethodDescriptor.Input.TRAIN_LABELS), false, true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec();
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec().add("neighbours", ParamSpec.Type.INT, 10, "nearest train points voting for labels");
    }

    /** Train features (normalised, and transposed as an inverted index) and train labels. */
    record Model(CsrMatrix inverted, CsrMatrix labels, int features) implements TrainedModel {
        @Override
        public void save(Path dir) throws IOException {
            Files.createDirectories(dir);
            CsrBinary.write(inverted, dir.resolve("inverted.bin"));
            CsrBinary.write(labels, dir.resolve("labels.bin"));
        }
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params params, RunContext ctx) {
        if (data.trainFeatures() == null) {
            throw new IllegalArgumentException(data.name() + " has no sparse features; tfidf-knn needs them");
        }
        CsrMatrix inverted;
        try (RunContext.Phase p = ctx.phase("index")) {
            inverted = normalise(data.trainFeatures()).transpose();
        }
        return new Model(inverted, data.trainLabels(), data.trainFeatures().cols());
    }

    @Override
    public TopK predict(TrainedModel model, Queries queries, int k, Params queryParams, RunContext ctx) {
        Model m = (Model) model;
        if (queries.features() == null) {
            throw new IllegalArgumentException("tfidf-knn needs sparse features for the queries");
        }
        CsrMatrix q = normalise(queries.features());
        int nn = queryParams.getInt("neighbours");
        int nTrain = m.labels.rows();
        TopK out = new TopK(q.rows(), k);
        ThreadLocal<float[]> sims = ThreadLocal.withInitial(() -> new float[nTrain]);
        ThreadLocal<float[]> labelScores = ThreadLocal.withInitial(() -> new float[m.labels.cols()]);
        RunContext.Progress progress = q.rows() > 1000 ? ctx.progress("knn queries", q.rows()) : null;
        IntStream.range(0, q.rows()).parallel().forEach(r -> {
            if (progress != null && r % 256 == 0) {
                progress.step(Math.min(256, q.rows() - r));
            } else {
                ctx.checkCancelled();
            }
            float[] s = sims.get();
            int[] touched = new int[64];
            int nt = 0;
            for (long p = q.rowStart(r); p < q.rowEnd(r); p++) {
                int f = q.index(p);
                if (f >= m.features) {
                    continue;
                }
                float v = q.value(p);
                for (long t = m.inverted.rowStart(f); t < m.inverted.rowEnd(f); t++) {
                    int doc = m.inverted.index(t);
                    if (s[doc] == 0f) {
                        if (nt == touched.length) {
                            touched = Arrays.copyOf(touched, nt * 2);
                        }
                        touched[nt++] = doc;
                    }
                    s[doc] += v * m.inverted.value(t);
                }
            }
            Ranked best = topIds(s, touched, nt, nn);
            for (int i = 0; i < nt; i++) {
                s[touched[i]] = 0f;
            }
            float[] ls = labelScores.get();
            int[] lt = new int[32];
            int nl = 0;
            for (int i = 0; i < best.ids().length; i++) {
                int doc = best.ids()[i];
                for (long p = m.labels.rowStart(doc); p < m.labels.rowEnd(doc); p++) {
                    int l = m.labels.index(p);
                    if (ls[l] == 0f) {
                        if (nl == lt.length) {
                            lt = Arrays.copyOf(lt, nl * 2);
                        }
                        lt[nl++] = l;
                    }
                    ls[l] += best.scores()[i];
                }
            }
            Ranked top = topIds(ls, lt, nl, k);
            for (int j = 0; j < top.ids().length; j++) {
                out.set(r, j, top.ids()[j], top.scores()[j]);
            }
            for (int i = 0; i < nl; i++) {
                ls[lt[i]] = 0f;
            }
        });
        if (progress != null) {
            progress.close();
        }
        return out;
    }

    /** Ids with their scores, best first. */
    record Ranked(int[] ids, float[] scores) {}

    /** The {@code n} ids among {@code ids[0, count)} with the largest positive score, ties by ascending id. */
    static Ranked topIds(float[] score, int[] ids, int count, int n) {
        long[] keys = new long[count];
        int m = 0;
        for (int i = 0; i < count; i++) {
            float v = score[ids[i]];
            if (v > 0f) {
                // For positive floats the bit pattern orders like the value: negate it for best-first.
                keys[m++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(v)) << 32) | ids[i];
            }
        }
        Arrays.sort(keys, 0, m);
        int top = Math.min(n, m);
        int[] out = new int[top];
        float[] s = new float[top];
        for (int j = 0; j < top; j++) {
            out[j] = (int) keys[j];
            s[j] = score[out[j]];
        }
        return new Ranked(out, s);
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        CsrMatrix inverted = CsrBinary.read(dir.resolve("inverted.bin"));
        return new Model(inverted, CsrBinary.read(dir.resolve("labels.bin")), inverted.rows());
    }

    static CsrMatrix normalise(CsrMatrix x) {
        CsrBuilder b = new CsrBuilder(x.cols(), x.rows(), x.nnz());
        for (int r = 0; r < x.rows(); r++) {
            double norm = 0;
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                norm += (double) x.value(p) * x.value(p);
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                b.add(x.index(p), (float) (x.value(p) * inv));
            }
            b.endRow();
        }
        return b.build();
    }
}
