package org.xmcbench.methods.xrtransformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Presets;

/** The released configurations resolve into valid fit parameters, with the values of the released params.json. */
class PresetsTest {
    private final XrTransformer method = new XrTransformer();

    @Test
    void everyPresetResolvesToValidParameters() {
        Map<String, Map<String, String>> all = method.presets();
        assertEquals(19, all.size(), "18 released configurations and quick");
        for (String name : all.keySet()) {
            Params p = method.fitParams().resolve(Presets.expand(method, Map.of("preset", name)));
            int[] steps = XrTransformer.parseSteps(p.getString("max_steps"));
            assertTrue(steps.length >= 1, name);
            assertTrue(List.of("linear", "weighted-linear").contains(p.getString("bootstrap")), name);
            assertTrue(p.getInt("max_length") >= 32 && p.getInt("max_length") <= 256, name);
        }
    }

    @Test
    void releasedValuesAreCarriedOver() {
        Params p = method.fitParams().resolve(Presets.expand(method, Map.of("preset", "amazon-670k/bert1")));
        assertArrayEquals(new int[] {4000, 4000, 12000}, XrTransformer.parseSteps(p.getString("max_steps")));
        assertEquals(128, p.getInt("min_codes"));
        assertEquals(16, p.getInt("nr_splits"));
        assertEquals(32, p.getInt("max_leaf_size"));
        assertEquals(10011, p.getInt("tree_seed"));
        assertEquals(1e-4, p.getDouble("lr"), 0);
        assertEquals(200, p.getInt("warmup_steps"));
        assertEquals("disable", p.getString("ranker_rel_mode"));
        assertEquals(false, p.getBoolean("cost_sensitive"));
        assertEquals(32, p.getInt("batch_size"));
        assertEquals(5, p.getInt("matcher_only_topk"));

        Params w = method.fitParams().resolve(Presets.expand(method, Map.of("preset", "wiki-500k/bert2")));
        assertArrayEquals(new int[] {10000, 10000, 20000, 20000}, XrTransformer.parseSteps(w.getString("max_steps")));
        assertEquals(64, w.getInt("min_codes"));
        assertEquals(8, w.getInt("nr_splits"));
        assertEquals("weighted-linear", w.getString("bootstrap"));
        assertEquals(4.0, w.getDouble("ranker_Cp"), 0);

        Params e = method.fitParams().resolve(Presets.expand(method, Map.of("preset", "eurlex-4k/roberta")));
        assertEquals("roberta-base", e.getString("encoder"));
        assertEquals(5e-5, e.getDouble("lr"), 0);
        assertEquals(8, e.getInt("ranker_nr_splits"));
        assertEquals(16, e.getInt("ranker_max_leaf_size"));
    }

    @Test
    void explicitValuesWinOverThePresetAndGpusMultiplyTheBatch() {
        Map<String, String> given = Map.of("preset", "eurlex-4k/bert", "encoder", "/models/bert", "gpus", "8");
        Params p = method.fitParams().resolve(Presets.expand(method, given));
        assertEquals("/models/bert", p.getString("encoder"));
        assertEquals(8, p.getInt("gpus"));
        assertEquals(32, p.getInt("batch_size"), "per GPU, as released; fit multiplies by gpus");
    }

    @Test
    void unknownPresetAndBadStepsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Presets.expand(method, Map.of("preset", "eurlex-4k")));
        assertTrue(e.getMessage().contains("eurlex-4k/bert"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XrTransformer.parseSteps("10,x"));
        assertThrows(IllegalArgumentException.class, () -> XrTransformer.parseSteps("-1"));
    }
}
