package org.xmcbench.methods.xrtransformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Presets;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * The strategy end to end on a slice of the bundled debian-tags (real texts and TF-IDF, the shipped MiniLM): both
 * levels of the preliminary tree are fine-tuned, the loss of a level goes down over its steps, and a saved model
 * predicts exactly what the fitted one does.
 */
class XrTransformerStrategyTest {
    @TempDir
    static Path tmp;
    static XmcDataset slice;

    @BeforeAll
    static void readSlice() throws IOException {
        XmcDataset full = DatasetReader.read(Path.of("../../datasets/bundled/debian-tags"), null, true);
        int[] trn = IntStream.range(0, 600).toArray();
        int[] tst = IntStream.range(0, 100).toArray();
        slice = new XmcDataset("debian-tags-slice", ClusterTargets.rows(full.trainFeatures(), trn),
                ClusterTargets.rows(full.testFeatures(), tst), ClusterTargets.rows(full.trainLabels(), trn),
                ClusterTargets.rows(full.testLabels(), tst), full.trainTexts().subList(0, 600),
                full.testTexts().subList(0, 100), full.labelTexts(), null, null, null, null, null, null, Map.of());
    }

    static RunContext ctx(String name) {
        return new SimpleRunContext(0, RunContext.Device.CPU, tmp.resolve(name), () -> false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fineTunesEveryLevelWithFallingLossAndReloadsToTheSamePredictions() throws Exception {
        XrTransformer m = new XrTransformer();
        Map<String, String> given = new HashMap<>(Map.of("preset", "quick", "max_steps", "20,30", "max_length", "24",
                "pool", "64", "lr", "2e-4", "warmup_steps", "2", "max_leaf_size", "100", "threads", "2"));
        Params p = m.fitParams().resolve(Presets.expand(m, given));
        SimpleRunContext ctx = new SimpleRunContext(0, RunContext.Device.CPU, tmp.resolve("fit"), () -> false);
        XrTransformerModel model = (XrTransformerModel) m.fit(slice, p, ctx);
        List<Map<String, Object>> levels = (List<Map<String, Object>>) ctx.records().get("finetune");
        assertEquals(List.of(8, 581), ctx.records().get("preliminary_tree_levels"));
        assertEquals(2, levels.size(), "both levels have at most max_match_clusters clusters");
        for (Map<String, Object> level : levels) {
            double before = (Double) level.get("probe_loss_before");
            double after = (Double) level.get("probe_loss_after");
            assertTrue(after < before, "loss of level " + level.get("level") + " went from " + before + " to "
                    + after);
        }
        Queries q = new Queries(slice.testFeatures(), slice.testTexts());
        Params qp = m.queryParams().resolve(Map.of());
        TopK before = m.predict(model, q, 5, qp, ctx);
        model.save(tmp.resolve("model"));
        model.close();
        XrTransformerModel loaded = (XrTransformerModel) m.load(tmp.resolve("model"), ctx);
        TopK after = m.predict(loaded, q, 5, qp, ctx);
        loaded.close();
        for (int r = 0; r < before.rows(); r++) {
            for (int j = 0; j < before.k(); j++) {
                assertEquals(before.label(r, j), after.label(r, j), "row " + r);
                assertEquals(before.score(r, j), after.score(r, j), 1e-5f, "row " + r);
            }
        }
        assertTrue(precisionAt1(before, slice.testLabels()) > 0.3, "P@1 " + precisionAt1(before, slice.testLabels()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fineTuningOnlyTheTopLayersAlsoLowersEveryLevelsLoss() throws Exception {
        XrTransformer m = new XrTransformer();
        Map<String, String> given = new HashMap<>(Map.of("preset", "quick", "max_steps", "20,30", "max_length", "24",
                "pool", "64", "lr", "2e-4", "warmup_steps", "2", "max_leaf_size", "100", "threads", "2",
                "train_layers", "2"));
        // PECOS's head and bootstrap (the defaults; quick keeps the former ones it was measured with).
        given.putAll(Map.of(HeadInput.PARAM, "pooled", "head_dropout", "0.1", BootstrapProblem.PARAM, "level"));
        SimpleRunContext ctx = new SimpleRunContext(0, RunContext.Device.CPU, tmp.resolve("top"), () -> false);
        try (XrTransformerModel model = (XrTransformerModel) m.fit(slice,
                m.fitParams().resolve(Presets.expand(m, given)), ctx)) {
            List<Map<String, Object>> levels = (List<Map<String, Object>>) ctx.records().get("finetune");
            assertEquals(2, levels.size());
            for (Map<String, Object> level : levels) {
                double before = (Double) level.get("probe_loss_before");
                double after = (Double) level.get("probe_loss_after");
                assertTrue(after < before, "loss of level " + level.get("level") + " went from " + before + " to "
                        + after);
            }
            assertTrue(precisionAt1(m.predict(model, new Queries(slice.testFeatures(), slice.testTexts()), 5,
                    m.queryParams().resolve(Map.of()), ctx), slice.testLabels()) > 0.3);
        }
    }

    private static double precisionAt1(TopK top, CsrMatrix y) {
        int hits = 0;
        for (int r = 0; r < top.rows(); r++) {
            int l = top.label(r, 0);
            for (long p = y.rowStart(r); p < y.rowEnd(r); p++) {
                if (y.index(p) == l) {
                    hits++;
                }
            }
        }
        return (double) hits / top.rows();
    }

    @Test
    void theFineTunedLevelsAreTheLeadingOnesWithFewEnoughClusters() {
        int[] codes = IntStream.range(0, 581).map(l -> l % 8).toArray();
        org.xmcbench.methods.xrlinear.ClusterChain chain =
                org.xmcbench.methods.xrlinear.ClusterChain.build(codes, 8, 16, 16);
        assertEquals(2, chain.levels());
        assertEquals(0, MatcherFinetuner.levelsToFinetune(chain, 4));
        assertEquals(1, MatcherFinetuner.levelsToFinetune(chain, 100));
        assertEquals(2, MatcherFinetuner.levelsToFinetune(chain, 32768));
    }
}
