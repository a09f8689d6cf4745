package org.xmcbench.methods.xrtransformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Presets;
import org.xmcbench.methods.xrlinear.XrLinearTrainer;

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
        assertEquals(true, p.getBoolean("cost_sensitive"), "every released matcher uses weighted-squared-hinge");
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

    /**
     * The fields of the released params.json that the presets do not carry, each for a reason given in
     * {@link XrTransformerPresets}'s comment: a new column of the table must be mapped below or listed here.
     */
    private static final Set<String> NOT_CARRIED = Set.of("matcher.hidden_dropout_prob", "refined.seed",
            "matcher.threshold", "matcher.cost_sensitive_ranker");

    /**
     * Every released preset resolves to the values of its params.json, as transcribed (one row per file, the file
     * named in {@code source}) in {@code released-params.csv}. The table keeps PECOS's own field names and values
     * ("null", chains as space-separated lists); the mapping onto our parameters is written out here, once, so a
     * mapping mistake (a field read from the wrong place, a chain whose levels differ) fails by preset and field.
     */
    @Test
    void everyReleasedPresetMatchesItsParamsJson() throws IOException {
        List<Map<String, String>> table = releasedTable();
        assertEquals(18, table.size(), "one row per released params.json");
        Set<String> mapped = new TreeSet<>(List.of("preset", "source", "matcher.model_shortcut",
                "pred.matcher.truncate_length", "preliminary.nr_splits", "preliminary.min_codes",
                "preliminary.max_leaf_size", "preliminary.seed", "max_match_clusters", "matcher.max_steps",
                "matcher.batch_size", "matcher.learning_rate", "matcher.warmup_steps", "matcher.weight_decay",
                "matcher.max_grad_norm", "matcher.negative_sampling", "matcher.bootstrap_method",
                "matcher.max_active_matching_labels", "pred.matcher.only_topk", "matcher.loss_function",
                "refined.nr_splits", "refined.min_codes", "refined.max_leaf_size", "ranker.Cp", "ranker.Cn",
                "ranker.threshold", "ranker.rel_mode", "ranker.rel_norm", "ranker.neg_mining_chain",
                "pred.ranker.only_topk", "preliminary.kmeans_max_iter", "refined.kmeans_max_iter", "ranker.eps",
                "ranker.max_iter", "ranker.bias"));
        for (String column : table.get(0).keySet()) {
            assertTrue(mapped.contains(column) || NOT_CARRIED.contains(column), "column " + column
                    + " of released-params.csv is neither mapped nor listed as not carried");
        }
        for (Map<String, String> row : table) {
            String name = row.get("preset");
            Params p = method.fitParams().resolve(Presets.expand(method, Map.of("preset", name)));
            String at = name + " (" + row.get("source") + "): ";
            assertEquals(row.get("matcher.model_shortcut"), p.getString("encoder"), at + "encoder");
            assertEquals(integer(row, "pred.matcher.truncate_length"), p.getInt("max_length"), at + "max_length");
            // Not a params.json field: PECOS's network for the model (BertForXMC, RobertaForXMC) pools this way.
            assertEquals(row.get("matcher.model_shortcut").startsWith("xlnet") ? "checkpoint" : "pooler",
                    p.getString("pooling"), at + "pooling");
            assertEquals(integer(row, "preliminary.nr_splits"), p.getInt("nr_splits"), at + "nr_splits");
            assertEquals(integer(row, "preliminary.min_codes"), p.getInt("min_codes"), at + "min_codes");
            assertEquals(integer(row, "preliminary.max_leaf_size"), p.getInt("max_leaf_size"), at + "max_leaf_size");
            assertEquals(integer(row, "preliminary.seed"), p.getInt("tree_seed"), at + "tree_seed");
            assertEquals(integer(row, "max_match_clusters"), p.getInt("max_match_clusters"), at + "max_match_clusters");
            assertArrayEquals(Arrays.stream(row.get("matcher.max_steps").split(" ")).mapToInt(Integer::parseInt)
                    .toArray(), XrTransformer.parseSteps(p.getString("max_steps")), at + "max_steps");
            assertEquals(integer(row, "matcher.batch_size"), p.getInt("batch_size"), at + "batch_size");
            assertEquals(real(row, "matcher.learning_rate"), p.getDouble("lr"), 0, at + "lr");
            assertEquals(integer(row, "matcher.warmup_steps"), p.getInt("warmup_steps"), at + "warmup_steps");
            assertEquals(real(row, "matcher.weight_decay"), p.getDouble("weight_decay"), 0, at + "weight_decay");
            assertEquals(real(row, "matcher.max_grad_norm"), p.getDouble("clip"), 0, at + "clip");
            assertEquals(row.get("matcher.negative_sampling"), p.getString("negative_sampling"), at + "sampling");
            assertEquals(row.get("matcher.bootstrap_method"), p.getString("bootstrap"), at + "bootstrap");
            assertEquals(integer(row, "matcher.max_active_matching_labels"), p.getInt("max_active_matching_labels"),
                    at + "max_active_matching_labels");
            assertEquals(integer(row, "pred.matcher.only_topk"), p.getInt("matcher_only_topk"),
                    at + "matcher_only_topk");
            assertEquals(row.get("matcher.loss_function").startsWith("weighted-"), p.getBoolean("cost_sensitive"),
                    at + "cost_sensitive (the loss is " + row.get("matcher.loss_function") + ")");
            // The ranker's settings as XR-Linear's training receives them.
            XrLinearTrainer.Params rp = XrTransformer.rankerParams(p, 0);
            assertEquals(integer(row, "refined.nr_splits"), rp.nrSplits(), at + "ranker_nr_splits");
            // PECOS's min_codes null means "as nr_splits".
            int minCodes = row.get("refined.min_codes").equals("null") ? integer(row, "refined.nr_splits")
                    : integer(row, "refined.min_codes");
            assertEquals(minCodes, rp.minCodes(), at + "ranker_min_codes");
            assertEquals(integer(row, "refined.max_leaf_size"), rp.maxLeafSize(), at + "ranker_max_leaf_size");
            assertEquals(integer(row, "preliminary.kmeans_max_iter"), p.getInt("kmeans_max_iter"),
                    at + "kmeans_max_iter");
            assertEquals(integer(row, "refined.kmeans_max_iter"), rp.kmeansMaxIter(), at + "refined kmeans_max_iter");
            // Per-level costs: the first level's apply to all (eurlex-4k's last level differs: not carried).
            assertEquals(first(row, "ranker.Cp"), rp.cp(), 0, at + "ranker_Cp");
            assertEquals(first(row, "ranker.Cn"), rp.cn(), 0, at + "ranker_Cn");
            assertEquals(uniform(row, "ranker.threshold", at), rp.threshold(), 0, at + "ranker_threshold");
            assertEquals(uniform(row, "ranker.eps", at), rp.eps(), 0, at + "ranker_eps");
            assertEquals(uniform(row, "ranker.max_iter", at), rp.maxIter(), 0, at + "ranker max_iter");
            assertEquals(uniform(row, "ranker.bias", at), rp.bias(), 0, at + "ranker bias");
            assertEquals(row.get("ranker.rel_mode"), rp.relMode(), at + "ranker_rel_mode");
            assertEquals(row.get("ranker.rel_norm"), rp.relNorm(), at + "ranker_rel_norm");
            String[] chain = row.get("ranker.neg_mining_chain").split(" ");
            boolean manLast = chain[chain.length - 1].equals("tfn+man")
                    && Arrays.stream(chain, 0, chain.length - 1).allMatch("tfn"::equals);
            assertTrue(manLast, at + "a ranker negative chain other than tfn ... tfn+man needs another mapping");
            assertEquals("tfn+man-last", rp.negativeSampling(), at + "ranker_negative_sampling");
            // PECOS mines the last level's matcher-aware negatives by predicting down levels 0..L-2, each keeping
            // its own only_topk (HierarchicalMLModel.train): the chain without the label level's entry.
            String[] topk = row.get("pred.ranker.only_topk").split(" ");
            assertArrayEquals(Arrays.stream(topk, 0, topk.length - 1).mapToInt(Integer::parseInt).toArray(),
                    rp.manBeams(), at + "ranker_man_beam");
        }
    }

    private static List<Map<String, String>> releasedTable() throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PresetsTest.class.getResourceAsStream("/released-params.csv"), StandardCharsets.UTF_8))) {
            String[] header = in.readLine().split(",");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",", -1);
                assertEquals(header.length, cells.length, "cells of: " + line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static int integer(Map<String, String> row, String column) {
        return Integer.parseInt(row.get(column));
    }

    private static double real(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /** A per-level chain whose levels all hold one value (ours is one setting for every level). */
    private static double uniform(Map<String, String> row, String column, String at) {
        assertEquals(1, Arrays.stream(row.get(column).split(" ")).distinct().count(), at + column + " per level");
        return first(row, column);
    }

    private static double first(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column).split(" ")[0]);
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
