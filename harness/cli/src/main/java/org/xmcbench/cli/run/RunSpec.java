package org.xmcbench.cli.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.Presets;

/**
 * One run of a method on a dataset: fit parameters (resolved, as strings), the query settings to evaluate with
 * the one fitted model, seed and k. Its {@link #configHash} names the run directory, so the same configuration
 * always lands in the same place (skip-if-done). A run in a container names its image: the same configuration on
 * another software stack is another run. A spec is whole in itself: a run naming a preset carries the preset's
 * values as resolved where the spec was made ({@code preset_values}), so its hash and its fit are the same
 * wherever it is read, whichever methods are installed there. The {@code provenance} is what the harness that
 * made the spec knew (see {@link Provenance}); it is no part of the configuration.
 */
public record RunSpec(
        @JsonProperty("method") String method,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("fit_params") Map<String, String> fitParams,
        @JsonProperty("query_settings") List<Map<String, String>> querySettings,
        @JsonProperty("seed") long seed,
        @JsonProperty("k") int k,
        @JsonProperty("latency_sample") int latencySample,
        @JsonProperty("model_dir") String modelDir,
        @JsonProperty("provenance") Map<String, Object> provenance,
        @JsonProperty("image") String image,
        @JsonProperty("validation") Double validation,
        @JsonProperty("preset_values") Map<String, String> presetValues) {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public RunSpec {
        fitParams = new TreeMap<>(fitParams);
        querySettings = querySettings.stream().map(q -> (Map<String, String>) new TreeMap<>(q)).toList();
        presetValues = presetValues == null ? null : new TreeMap<>(presetValues);
        if (validation != null && !(validation > 0 && validation < 1)) {
            throw new IllegalArgumentException("validation must be a fraction in (0, 1) of the training rows, got "
                    + validation);
        }
    }

    /**
     * A run on this machine's own software stack (no container image), its preset (if it names one) resolved from
     * the methods installed here.
     */
    public RunSpec(String method, String dataset, Map<String, String> fitParams,
            List<Map<String, String>> querySettings, long seed, int k, int latencySample, String modelDir,
            Map<String, Object> provenance) {
        this(method, dataset, fitParams, querySettings, seed, k, latencySample, modelDir, provenance, null, null,
                installedPreset(method, fitParams));
    }

    /** The values of the preset the fit parameters name, from the installed method; null for none. */
    private static Map<String, String> installedPreset(String method, Map<String, String> fitParams) {
        if (fitParams == null || !fitParams.containsKey(Presets.KEY)) {
            return null;
        }
        MethodStrategy ms = Methods.installed().get(method);
        return ms == null ? null : ms.presets().get(fitParams.get(Presets.KEY));
    }

    /**
     * The fit parameters the method is fitted with: the preset's values as this spec carries them, under the
     * explicitly given ones; without carried values (a spec written before they were), the installed preset's.
     */
    public Map<String, String> expandedFitParams(MethodStrategy installed) {
        if (presetValues == null) {
            return Presets.expand(installed, fitParams);
        }
        Map<String, String> out = new TreeMap<>(presetValues);
        fitParams.forEach((k, v) -> {
            if (!k.equals(Presets.KEY)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The same run inside a container image (a pinned reference): another software stack, another run. */
    public RunSpec withImage(String imageRef) {
        return new RunSpec(method, dataset, fitParams, querySettings, seed, k, latencySample, modelDir, provenance,
                imageRef, validation, presetValues);
    }

    /**
     * The same run fitted without a share of its training rows, held out to choose decision thresholds on (see
     * {@code ValidationSplit}); null for none. Another training set, so another configuration.
     */
    public RunSpec withValidation(Double fraction) {
        return new RunSpec(method, dataset, fitParams, querySettings, seed, k, latencySample, modelDir, provenance,
                image, fraction, presetValues);
    }

    public RunSpec withProvenance(Map<String, Object> p) {
        return new RunSpec(method, dataset, fitParams, querySettings, seed, k, latencySample, modelDir, p, image,
                validation, presetValues);
    }

    /**
     * SHA-256 over what defines the result: method, dataset, fit parameters, query settings, seed, k (and the
     * image and validation share when set).
     */
    public String configHash() {
        try {
            byte[] bytes = JSON.writeValueAsString(hashInput()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the hash covers: this spec's own fields and nothing found elsewhere (not the installed methods, not the
     * provenance). A run naming a preset also covers the preset's values: when a preset changes, its runs are new
     * configurations, not ones skip-if-done may skip. Fields added later enter only when set, so the runs that do
     * not use them keep their hash (and their folder).
     */
    Map<String, Object> hashInput() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("dataset", dataset);
        m.put("fit_params", fitParams);
        m.put("query_settings", querySettings);
        m.put("seed", seed);
        m.put("k", k);
        m.put("model_dir", modelDir);
        if (image != null) {
            m.put("image", image);
        }
        if (validation != null) {
            m.put("validation", validation);
        }
        if (presetValues != null && fitParams.containsKey(Presets.KEY)) {
            m.put("preset_values", presetValues);
        }
        return m;
    }

    /**
     * A spec file. One written before specs carried their preset's values (a task queued before an upgrade) gets
     * the installed preset's, as its hash, and so its folder's name, then had.
     */
    public static RunSpec read(java.nio.file.Path file) throws java.io.IOException {
        RunSpec s = JSON.readValue(file.toFile(), RunSpec.class);
        Map<String, String> legacy = s.presetValues == null ? installedPreset(s.method, s.fitParams) : null;
        return legacy == null ? s : new RunSpec(s.method, s.dataset, s.fitParams, s.querySettings, s.seed, s.k,
                s.latencySample, s.modelDir, s.provenance, s.image, s.validation, legacy);
    }

    /** The spec file a worker reads. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String shortHash() {
        return configHash().substring(0, 12);
    }

    /** A stable label of one query setting, e.g. {@code neighbours=10} (or {@code default}). */
    public static String queryKey(Map<String, String> q) {
        if (q.isEmpty()) {
            return "default";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(q).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }
}
