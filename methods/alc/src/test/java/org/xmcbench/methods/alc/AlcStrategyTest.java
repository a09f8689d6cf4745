package org.xmcbench.methods.alc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.MethodStrategy;
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
import org.xmcbench.methods.neural.dualencoder.DualEncoder;
import org.xmcbench.methods.prime.Prime;

/** The strategy end to end, on both bases, on the first queries of the bundled LF-debian-deps. */
class AlcStrategyTest {
    @TempDir
    static Path tmp;
    static XmcDataset slice;

    @BeforeAll
    static void readSlice() throws IOException {
        slice = FirstRowsSlice.of(DatasetReader.read(Path.of("../../datasets/bundled/LF-debian-deps"), null, true),
                200, 80);
    }

    static SimpleRunContext ctx(String name) {
        return new SimpleRunContext(5, RunContext.Device.CPU, tmp.resolve(name), () -> false);
    }

    /** A few steps of small batches; the base's parameters given by name, as a suite would. */
    static Map<String, String> small(String... more) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("steps", "6", "batch_size", "16", "embed_batch", "64",
                "checkpoint_every", "0", "negatives", "random"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    static TopK fitAndPredict(MethodStrategy method, Map<String, String> fit, SimpleRunContext ctx)
            throws Exception {
        Params p = method.fitParams().resolve(Presets.expand(method, fit));
        TrainedModel m = method.fit(slice, p, ctx);
        try {
            return method.predict(m, new Queries(null, slice.testTexts()), 5, method.queryParams().resolve(Map.of()),
                    ctx);
        } finally {
            ((AutoCloseable) m).close();
        }
    }

    static boolean same(TopK a, TopK b) {
        return a.sameAs(b);
    }

    @Test
    void everyObjectiveOffIsExactlyTheBaseAndEachObjectiveChangesTheModel() throws Exception {
        TopK base = fitAndPredict(new DualEncoder(), small(), ctx("base"));
        TopK off = fitAndPredict(new Alc(), small("hardest_negative", "false", "pair_discrimination", "false"),
                ctx("off"));
        assertTrue(same(base, off), "ALC with nothing switched on trains the base alone");

        SimpleRunContext c = ctx("alc");
        TopK alc = fitAndPredict(new Alc(), small("tcm", "true"), c);
        assertFalse(same(base, alc), "the objectives change the model");
        assertEquals("dual-encoder", c.records().get("base"));
        assertEquals(6, ((Map<?, ?>) c.records().get("base_fit_params")).get("steps"));
        for (String only : new String[] {"hardest_negative", "pair_discrimination", "tcm"}) {
            Map<String, String> one = small("hardest_negative", "false", "pair_discrimination", "false", "tcm",
                    "false");
            one.put(only, "true");
            assertFalse(same(base, fitAndPredict(new Alc(), one, ctx("only-" + only))), only + " alone");
        }
    }

    /**
     * The pair head is checkpointed with the encoder: a resumed run ends as the uninterrupted one (which also shows
     * that a run repeats exactly with its seed).
     */
    @Test
    void aResumedRunEndsAsTheUninterruptedOne() throws Exception {
        Map<String, String> fit = small("checkpoint_every", "3", "tcm", "true");
        TopK whole = fitAndPredict(new Alc(), fit, ctx("whole"));
        Path checkpoint = tmp.resolve("resumed").resolve("checkpoints").resolve("step-3");
        SimpleRunContext stopped = new SimpleRunContext(5, RunContext.Device.CPU, tmp.resolve("resumed"),
                () -> Files.isDirectory(checkpoint)); // stops right after the checkpoint
        assertThrows(java.util.concurrent.CancellationException.class, () -> fitAndPredict(new Alc(), fit, stopped));
        SimpleRunContext again = ctx("resumed");
        TopK resumed = fitAndPredict(new Alc(), fit, again);
        assertEquals(3, ((Number) again.records().get("resumed_from_step")).intValue());
        assertTrue(same(whole, resumed), "resumed run ends as the uninterrupted one");
    }

    @Test
    void primeAsTheBaseTrainsItsLossPlusTheObjectives() throws Exception {
        Map<String, String> prime = new LinkedHashMap<>(Map.of("steps", "4", "batch_size", "16", "embed_batch",
                "64", "checkpoint_every", "0", "free_vectors", "64"));
        TopK alone = fitAndPredict(new Prime(), prime, ctx("prime"));
        Map<String, String> alc = new LinkedHashMap<>(prime);
        alc.put("base", "prime");
        alc.put("tcm", "true");
        SimpleRunContext c = ctx("alc-prime");
        TopK with = fitAndPredict(new Alc(), alc, c);
        assertFalse(same(alone, with));
        assertEquals("prime", c.records().get("base"));
        assertTrue(c.phases().containsKey("embed-for-prototypes"), "PRIME's own set-up ran");
    }

    @Test
    void badSettingsAreRefusedByName() {
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class,
                () -> fitAndPredict(new Alc(), small("base", "ngame"), ctx("bad-base")));
        assertTrue(base.getMessage().contains("base") && base.getMessage().contains("ngame"), base.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> fitAndPredict(new Alc(), small("lpn_heads", "2"), ctx("bad-foreign")));
        assertTrue(foreign.getMessage().contains("lpn_heads") && foreign.getMessage().contains("dual-encoder"),
                foreign.getMessage());
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> fitAndPredict(new Alc(), small("steps", "many"), ctx("bad-type")));
        assertTrue(typed.getMessage().contains("steps"), typed.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
                () -> fitAndPredict(new Alc(), small("base_preset", "huge"), ctx("bad-preset")));
        assertTrue(preset.getMessage().contains("huge"), preset.getMessage());
    }
}
