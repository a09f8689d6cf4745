package org.xmcbench.methods.neural.dualencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TextRecord;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;

/**
 * The strategy end to end on a slice of the bundled LF-debian-deps (real texts, the shipped MiniLM): repeatable
 * with a seed, saved models predict the same, and a few fine-tuning steps move the model.
 */
class DualEncoderStrategyTest {
    @TempDir
    static Path tmp;
    static XmcDataset slice;

    /** 240 train and 120 test queries, with the labels they use, remapped to 0..L-1. */
    @BeforeAll
    static void readSlice() throws IOException {
        XmcDataset full = DatasetReader.read(Path.of("../../datasets/bundled/LF-debian-deps"), null, true);
        Map<Integer, Integer> remap = new HashMap<>();
        List<TextRecord> labelTexts = new ArrayList<>();
        CsrMatrix trn = take(full.trainLabels(), 240, remap, labelTexts, full.labelTexts());
        CsrMatrix tst = take(full.testLabels(), 120, remap, labelTexts, full.labelTexts());
        int l = remap.size();
        slice = new XmcDataset("LF-debian-deps-slice", null, null, widen(trn, l), widen(tst, l),
                full.trainTexts().subList(0, 240), full.testTexts().subList(0, 120), labelTexts, null, null, null,
                null, null, null, Map.of());
    }

    private static CsrMatrix take(CsrMatrix y, int rows, Map<Integer, Integer> remap, List<TextRecord> texts,
                                  List<TextRecord> allTexts) {
        CsrBuilder b = new CsrBuilder(Integer.MAX_VALUE, rows, 8);
        for (int r = 0; r < rows; r++) {
            for (long p = y.rowStart(r); p < y.rowEnd(r); p++) {
                int old = y.index(p);
                Integer id = remap.get(old);
                if (id == null) {
                    id = remap.size();
                    remap.put(old, id);
                    texts.add(allTexts.get(old));
                }
                b.add(id, 1f);
            }
            b.endRow();
        }
        return b.build();
    }

    private static CsrMatrix widen(CsrMatrix y, int cols) {
        CsrBuilder b = new CsrBuilder(cols, y.rows(), 8);
        for (int r = 0; r < y.rows(); r++) {
            for (long p = y.rowStart(r); p < y.rowEnd(r); p++) {
                b.add(y.index(p), y.value(p));
            }
            b.endRow();
        }
        return b.build();
    }

    static RunContext ctx(String name) {
        return new SimpleRunContext(5, RunContext.Device.CPU, tmp.resolve(name), () -> false);
    }

    static TopK fitAndPredict(DualEncoder de, Map<String, String> fit, String name, Path saveTo) throws Exception {
        Params p = de.fitParams().resolve(fit);
        try (DualEncoderModel m = (DualEncoderModel) de.fit(slice, p, ctx(name))) {
            if (saveTo != null) {
                m.save(saveTo);
            }
            return de.predict(m, new Queries(null, slice.testTexts()), 5, de.queryParams().resolve(Map.of()),
                    ctx(name));
        }
    }

    static void assertSame(TopK a, TopK b) {
        for (int r = 0; r < a.rows(); r++) {
            for (int k = 0; k < a.k(); k++) {
                assertEquals(a.label(r, k), b.label(r, k), "row " + r + " rank " + k);
                assertEquals(a.score(r, k), b.score(r, k), 0f, "row " + r + " rank " + k);
            }
        }
    }

    @Test
    void sameSeedSameModelAndSavedModelPredictsTheSame() throws Exception {
        DualEncoder de = new DualEncoder();
        Map<String, String> fit = Map.of("steps", "6", "batch_size", "16", "embed_batch", "64",
                "checkpoint_every", "0");
        Path saved = tmp.resolve("model");
        TopK a = fitAndPredict(de, fit, "a", saved);
        TopK b = fitAndPredict(de, fit, "b", null);
        assertSame(a, b);
        try (DualEncoderModel loaded = (DualEncoderModel) de.load(saved, ctx("load"))) {
            assertSame(a, de.predict(loaded, new Queries(null, slice.testTexts()), 5,
                    de.queryParams().resolve(Map.of()), ctx("load")));
            // HNSW over the same embeddings finds (nearly) the exact top-5 of this small label set.
            TopK h = de.predict(loaded, new Queries(null, slice.testTexts()), 5,
                    de.queryParams().resolve(Map.of("search", "hnsw")), ctx("load"));
            int same = 0;
            for (int r = 0; r < a.rows(); r++) {
                for (int k = 0; k < 5; k++) {
                    same += a.label(r, k) == h.label(r, k) ? 1 : 0;
                }
            }
            assertTrue(same >= 0.95 * 5 * a.rows(), "HNSW agrees on " + same + " of " + 5 * a.rows());
        }
        TopK zeroShot = fitAndPredict(de, Map.of("steps", "0", "embed_batch", "64"), "z", null);
        boolean differs = false;
        for (int r = 0; r < a.rows() && !differs; r++) {
            differs = a.score(r, 0) != zeroShot.score(r, 0);
        }
        assertTrue(differs, "fine-tuning changed the model");
    }

    @Test
    void topLayersOnlyRepeatAndLeaveTheLowerLayersAsLoaded() throws Exception {
        DualEncoder de = new DualEncoder();
        Map<String, String> fit = Map.of("steps", "6", "batch_size", "16", "embed_batch", "64",
                "checkpoint_every", "0", "train_layers", "1");
        Path saved = tmp.resolve("top-model");
        TopK a = fitAndPredict(de, fit, "top-a", saved);
        assertSame(a, fitAndPredict(de, fit, "top-b", null));
        try (DualEncoderModel tuned = (DualEncoderModel) de.load(saved, ctx("top-load"));
             TextEncoder base = TextEncoder.load(EncoderResolver.resolve("all-MiniLM-L6-v2"), 32,
                     ai.djl.Device.cpu())) {
            for (String n : List.of("embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight",
                    "encoder.layer.4.output.dense.weight", "encoder.layer.5.output.dense.weight")) {
                float[] before = base.block().parameter(n).getArray().toFloatArray();
                float[] after = tuned.encoder().block().parameter(n).getArray().toFloatArray();
                assertEquals(!n.startsWith("encoder.layer.5."), java.util.Arrays.equals(before, after),
                        n + " unchanged");
            }
        }
    }

    /** With every label as a negative (the cache re-embedded every 2 steps), a run trains and repeats bit for bit. */
    @Test
    void labelCacheNegativesTrainAndRepeat() throws Exception {
        DualEncoder de = new DualEncoder();
        Map<String, String> fit = Map.of("steps", "4", "batch_size", "16", "embed_batch", "64",
                "checkpoint_every", "0", "label_negatives", "true", "label_cache_every", "2", "train_layers", "1");
        TopK a = fitAndPredict(de, fit, "cache-a", null);
        assertSame(a, fitAndPredict(de, fit, "cache-b", null));
        Map<String, String> without = new HashMap<>(fit);
        without.put("label_negatives", "false");
        TopK c = fitAndPredict(de, without, "cache-c", null);
        boolean differs = false;
        for (int r = 0; r < a.rows() && !differs; r++) {
            differs = a.score(r, 0) != c.score(r, 0);
        }
        assertTrue(differs, "the cached labels changed the training");
    }

    /**
     * Gradient flow: after a few steps of the whole encoder (no weight decay, which would move a parameter without
     * any gradient), every trained tensor has moved and the frozen word embeddings have not.
     */
    @Test
    void everyTrainedParameterMovesAndTheFrozenOneDoesNot() throws Exception {
        DualEncoder de = new DualEncoder();
        Map<String, String> fit = Map.of("steps", "4", "batch_size", "16", "embed_batch", "64",
                "checkpoint_every", "0", "weight_decay", "0", "freeze_word_embeddings", "true");
        Path saved = tmp.resolve("flow-model");
        fitAndPredict(de, fit, "flow", saved);
        List<String> unmoved = new ArrayList<>();
        try (DualEncoderModel tuned = (DualEncoderModel) de.load(saved, ctx("flow-load"));
             TextEncoder base = TextEncoder.load(EncoderResolver.resolve("all-MiniLM-L6-v2"), 32,
                     ai.djl.Device.cpu())) {
            for (String n : base.block().parameterNames()) {
                float[] before = base.block().parameter(n).getArray().toFloatArray();
                float[] after = tuned.encoder().block().parameter(n).getArray().toFloatArray();
                if (java.util.Arrays.equals(before, after)) {
                    unmoved.add(n);
                }
            }
        }
        assertEquals(List.of("embeddings.word_embeddings.weight"), unmoved);
    }

    @Test
    void datasetWithoutLabelTextIsRefusedWithTheDatasetName() {
        XmcDataset noText = new XmcDataset("plain", null, null, slice.trainLabels(), slice.testLabels(),
                slice.trainTexts(), slice.testTexts(), null, null, null, null, null, null, null, Map.of());
        DualEncoder de = new DualEncoder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> de.fit(noText, de.fitParams().resolve(Map.of()), ctx("x")));
        assertTrue(e.getMessage().contains("plain"));
    }
}
