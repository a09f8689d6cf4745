package org.xmcbench.methods.elias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Presets;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.FirstRowsSlice;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.methods.neural.encoder.EncoderResolver;
import org.xmcbench.methods.neural.encoder.TextEncoder;

/** ELIAS end to end, every stage, on the first queries of the bundled LF-debian-deps with the labels they use. */
class EliasStrategyTest {
    @TempDir
    static Path tmp;
    static XmcDataset slice;

    @BeforeAll
    static void readSlice() throws IOException {
        slice = FirstRowsSlice.of(DatasetReader.read(Path.of("../../datasets/bundled/LF-debian-deps"), null, true),
                300, 60);
    }

    static SimpleRunContext ctx(String name) {
        return new SimpleRunContext(5, RunContext.Device.CPU, tmp.resolve(name), () -> false);
    }

    static Map<String, String> small(String... more) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("warm_steps", "3", "stage1_steps", "5", "stage2_steps",
                "5", "batch_size", "16", "stage2_batch_size", "16", "max_leaf", "20", "shortlist", "60", "kappa",
                "40", "val_points", "30", "ranker_topk", "20"));
        p.put("swa_start_epoch", "0.1");
        p.put("swa_step", "2");
        p.put("embed_batch", "64");
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    static TopK predict(Elias e, TrainedModel m, boolean rerank) throws Exception {
        return e.predict(m, new Queries(slice.testFeatures(), slice.testTexts()), 10,
                e.queryParams().resolve(Map.of("shortlist", "60", "rerank", String.valueOf(rerank))), ctx("q"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStageRunsIsMeasuredRepeatsAndSurvivesSaving() throws Exception {
        Elias e = new Elias();
        SimpleRunContext c1 = ctx("a");
        Params p = e.fitParams().resolve(Presets.expand(e, small()));
        TrainedModel m = e.fit(slice, p, c1);
        Path saved = tmp.resolve("model");
        TopK plus;
        TopK plain;
        try {
            m.save(saved);
            plus = predict(e, m, true);
            plain = predict(e, m, false);
        } finally {
            ((AutoCloseable) m).close();
        }
        Map<String, Object> stages = (Map<String, Object>) c1.records().get("stages");
        for (String s : new String[] {"elias_1_warm", "elias_1", "elias_2"}) {
            Map<String, Object> st = (Map<String, Object>) stages.get(s);
            assertEquals(5, ((Number) st.get("steps")).intValue() + (s.equals("elias_1_warm") ? 2 : 0), s);
            assertTrue(Double.isFinite(((Number) st.get("loss_last_tenth")).doubleValue()), s);
        }
        // SWA from step 2 (a tenth of an epoch of 270 rows in batches of 16), then every 2 steps: steps 2 and 4.
        assertEquals(2, ((Number) ((Map<String, Object>) stages.get("elias_2")).get("swa_models")).intValue());
        for (String s : new String[] {"elias_1_val", "elias_2_val", "elias_plus_plus_val"}) {
            Map<String, Object> v = (Map<String, Object>) stages.get(s);
            assertEquals(30, ((Number) v.get("rows")).intValue(), s);
            double r100 = ((Number) v.get("R@100")).doubleValue();
            double r10 = ((Number) v.get("R@10")).doubleValue();
            assertTrue(r100 >= r10 && r100 <= 100, s + ": R@100 " + r100 + " vs R@10 " + r10);
            if (!s.equals("elias_plus_plus_val")) {
                Map<String, Object> d = (Map<String, Object>) v.get("diagnostics");
                double recall = ((Number) d.get("positive_clusters_in_beam")).doubleValue();
                assertTrue(recall >= 0 && recall <= 100, s + ": cluster recall " + recall);
                assertTrue(((Number) d.get("clusters_used")).intValue() >= 1, s);
                assertTrue(((Number) d.get("labels_reachable")).doubleValue() > 0, s);
            }
        }
        assertFalse(plus.sameAs(plain), "ELIAS++ re-ranks ELIAS's labels");

        TrainedModel again = e.fit(slice, p, ctx("b"));
        try {
            assertTrue(plus.sameAs(predict(e, again, true)), "same seed, same model");
        } finally {
            ((AutoCloseable) again).close();
        }
        TrainedModel loaded = e.load(saved, ctx("load"));
        try {
            assertTrue(plus.sameAs(predict(e, loaded, true)), "saved and loaded");
            assertTrue(plain.sameAs(predict(e, loaded, false)), "saved and loaded, without the ranker");
        } finally {
            ((AutoCloseable) loaded).close();
        }
    }

    /**
     * {@code lr_tf=0} (a frozen encoder: the heads trained on fixed embeddings) used to divide every group's rate
     * by 0 and leave every weight NaN. Now the heads train at their own rates and the encoder is untouched.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aFrozenEncoderTrainsOnlyTheHeads() throws Exception {
        Elias e = new Elias();
        SimpleRunContext c = ctx("frozen");
        Params p = e.fitParams().resolve(Presets.expand(e, small("lr_tf", "0", "stage2_lr_tf", "0")));
        TrainedModel m = e.fit(slice, p, c);
        try {
            Map<String, Object> stages = (Map<String, Object>) c.records().get("stages");
            for (String s : new String[] {"elias_1_warm", "elias_1", "elias_2"}) {
                double loss = ((Number) ((Map<String, Object>) stages.get(s)).get("loss_last_tenth")).doubleValue();
                assertTrue(Double.isFinite(loss), s + ": loss " + loss);
            }
            TopK top = predict(e, m, false);
            for (int r = 0; r < top.rows(); r++) {
                for (int k = 0; k < top.k(); k++) {
                    assertTrue(Float.isFinite(top.score(r, k)) || top.label(r, k) == TopK.PAD, "row " + r);
                }
            }
            List<String> texts = List.of("libc6 GNU C Library: Shared libraries", "python3 interactive language");
            try (TextEncoder fresh = TextEncoder.load(EncoderResolver.resolve(p.getString("encoder")),
                    p.getInt("max_length"), ai.djl.Device.cpu())) {
                assertArrayEquals(fresh.embed(texts, 2), ((EliasModel) m).encoder().embed(texts, 2),
                        "the encoder is the pre-trained one, bit for bit");
            }
        } finally {
            ((AutoCloseable) m).close();
        }
    }

    @Test
    void releasedPresetsResolveToTheirConfigurations() {
        Elias e = new Elias();
        Params lf = e.fitParams().resolve(Presets.expand(e, Map.of("preset", "LF-AmazonTitles-131K")));
        assertEquals("distilbert-base-uncased", lf.getString("encoder"));
        assertEquals(1024, lf.getInt("batch_size"));
        assertEquals(420, lf.getInt("stage2_batch_size"));
        assertEquals(3e-5, lf.getDouble("stage2_lr_tf"), 1e-12);
        assertEquals(2000, lf.getInt("shortlist"));
        Params az = e.fitParams().resolve(Presets.expand(e, Map.of("preset", "Amazon-670K", "gpus", "4")));
        assertEquals(128, az.getInt("max_length"));
        assertEquals(0.0, az.getDouble("loss_lambda"));
        assertEquals(2000, az.getInt("swa_step"));
        assertEquals(4, az.getInt("gpus"));
        Params quick = e.fitParams().resolve(Presets.expand(e, Map.of("preset", "quick", "stage2_steps", "7")));
        assertEquals(7, quick.getInt("stage2_steps"), "explicit parameters win over the preset");
    }

    @Test
    void badSettingsAreRefusedByName() {
        Elias e = new Elias();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.fit(slice, e.fitParams().resolve(small("beam_size", "0")), ctx("bad")));
        assertTrue(ex.getMessage().contains("beam_size"), ex.getMessage());
        XmcDataset noFeatures = new XmcDataset(slice.name(), null, slice.testFeatures(), slice.trainLabels(),
                slice.testLabels(), slice.trainTexts(), slice.testTexts(), slice.labelTexts(), slice.labelFeatures(),
                slice.vocabulary(), slice.trainFilter(), slice.testFilter(), slice.propensityA(),
                slice.propensityB(), slice.fileSha256());
        ex = assertThrows(IllegalArgumentException.class,
                () -> e.fit(noFeatures, e.fitParams().resolve(small()), ctx("bad2")));
        assertTrue(ex.getMessage().contains("BoW features"), ex.getMessage());
    }
}
