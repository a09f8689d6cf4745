package org.xmcbench.methods.prime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

/** The strategy end to end on the first queries of the bundled LF-debian-deps, with the labels they use. */
class PrimeStrategyTest {
    @TempDir
    static Path tmp;
    static XmcDataset slice;

    @BeforeAll
    static void readSlice() throws IOException {
        slice = FirstRowsSlice.of(DatasetReader.read(Path.of("../../datasets/bundled/LF-debian-deps"), null, true),
                200, 80);
    }

    static SimpleRunContext ctx(String name) {
        return new SimpleRunContext(3, RunContext.Device.CPU, tmp.resolve(name), () -> false);
    }

    static Map<String, String> small(String... more) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("steps", "6", "batch_size", "16", "embed_batch", "64",
                "checkpoint_every", "0", "free_vectors", "64"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    static TopK fitAndPredict(Map<String, String> fit, SimpleRunContext ctx, Path saveTo) throws Exception {
        Prime prime = new Prime();
        Params p = prime.fitParams().resolve(Presets.expand(prime, fit));
        TrainedModel m = prime.fit(slice, p, ctx);
        try {
            if (saveTo != null) {
                m.save(saveTo);
            }
            return prime.predict(m, new Queries(null, slice.testTexts()), 5, prime.queryParams().resolve(Map.of()),
                    ctx);
        } finally {
            ((AutoCloseable) m).close();
        }
    }

    static boolean same(TopK a, TopK b) {
        return a.sameAs(b);
    }

    @Test
    void repeatableSavedAndDistinctFromItsAblations() throws Exception {
        SimpleRunContext c1 = ctx("a");
        Path saved = tmp.resolve("model");
        TopK a = fitAndPredict(small(), c1, saved);
        TopK b = fitAndPredict(small(), ctx("b"), null);
        assertTrue(same(a, b), "same seed, same predictions");
        Prime prime = new Prime();
        TrainedModel loaded = prime.load(saved, ctx("load"));
        try {
            assertTrue(same(a, prime.predict(loaded, new Queries(null, slice.testTexts()), 5,
                    prime.queryParams().resolve(Map.of()), ctx("load"))), "the saved model predicts the same");
        } finally {
            ((AutoCloseable) loaded).close();
        }
        Map<String, Object> rec = c1.records();
        assertEquals(64, ((Number) rec.get("free_vectors")).intValue());
        assertTrue(((Number) rec.get("seconds_per_epoch")).doubleValue() > 0);
        assertTrue(c1.phases().containsKey("embed-for-prototypes"));

        assertTrue(!same(a, fitAndPredict(small("prototype_network", "false"), ctx("ablation"), null)),
                "without the prototype network the model differs");
        assertTrue(!same(a, fitAndPredict(small("centroid_update", "released"), ctx("released"), null)),
                "the released (no-op) centroid update gives another model than the moving average");
        assertTrue(!same(a, fitAndPredict(small("classifier_steps", "5", "classifier_batch_size", "32"),
                ctx("stage2"), null)), "the classifier stage changes the label matrix");
    }

    /**
     * A run stopped after its checkpoint and started again in the same scratch resumes there — encoder, prototype
     * network, moving-average centroids and batches — and ends exactly as the uninterrupted run.
     */
    @Test
    void aResumedRunEndsAsTheUninterruptedOne() throws Exception {
        Map<String, String> fit = small("checkpoint_every", "3", "refresh_epochs", "1", "pool", "64");
        TopK whole = fitAndPredict(fit, ctx("whole"), null);
        Path checkpoint = tmp.resolve("resumed").resolve("checkpoints").resolve("step-3");
        SimpleRunContext stopped = new SimpleRunContext(3, RunContext.Device.CPU, tmp.resolve("resumed"),
                () -> java.nio.file.Files.isDirectory(checkpoint)); // stops right after the checkpoint
        assertThrows(java.util.concurrent.CancellationException.class, () -> fitAndPredict(fit, stopped, null));
        SimpleRunContext again = ctx("resumed");
        TopK resumed = fitAndPredict(fit, again, null);
        assertEquals(3, ((Number) again.records().get("resumed_from_step")).intValue());
        assertTrue(same(whole, resumed), "resumed run ends as the uninterrupted one");
    }

    @Test
    void zeroStepsIsThePrototypeNetworkAtInitialisation() throws Exception {
        SimpleRunContext c = ctx("zero");
        TopK z = fitAndPredict(small("steps", "0"), c, null);
        assertEquals(80, z.rows());
        assertNotEquals(null, c.phases().get("embed-for-prototypes"));
    }

    @Test
    void badSettingsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fitAndPredict(small("centroid_update", "mean"), ctx("bad"), null));
        assertTrue(e.getMessage().contains("centroid_update"), e.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> fitAndPredict(small("lpn_heads", "5"), ctx("bad2"), null));
        assertTrue(h.getMessage().contains("lpn_heads"), h.getMessage());
        for (String name : new String[] {"dual_scores", "positive_sampling"}) {
            IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                    () -> fitAndPredict(small(name, "final"), ctx("bad-" + name), null));
            assertTrue(o.getMessage().contains(name), o.getMessage());
        }
        assertTrue(new Prime().presets().containsKey("quick"));
        assertTrue(new Prime().presets().containsKey("LF-AmazonTitles-131K"));
    }
}
