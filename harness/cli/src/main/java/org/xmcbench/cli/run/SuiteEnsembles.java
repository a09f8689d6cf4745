package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.ensemble.Ensembler;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.io.Npz;

/**
 * The ensembles of a suite, after its runs: each member's successful run is found in the results folder (same
 * method, dataset, seed and fit parameters), the members' predictions are combined by the ensemble's rule and
 * scored like a run, and the result is written as a run record of its own ({@code runs/<dataset>/<name>/<hash>}).
 * A missing or failed member makes the ensemble a failed record that says which member.
 */
public final class SuiteEnsembles {
    /** What happened to one ensemble on one dataset and seed. */
    public record Outcome(String dataset, String name, long seed, boolean success, String reason, Path dir) {}

    private SuiteEnsembles() {}

    public static List<Outcome> run(Suite suite, Path results, Map<String, Object> provenance) throws IOException {
        List<Outcome> out = new ArrayList<>();
        List<Long> seeds = suite.seeds() == null || suite.seeds().isEmpty() ? List.of(0L) : suite.seeds();
        for (Suite.EnsembleEntry e : suite.ensemblesOrEmpty()) {
            for (String dataset : suite.datasets()) {
                if (!e.runsOn(dataset)) {
                    continue;
                }
                for (long seed : seeds) {
                    out.add(runOne(e, dataset, seed, suite.kOrDefault(), results, provenance));
                }
            }
        }
        return out;
    }

    private static Outcome runOne(Suite.EnsembleEntry e, String dataset, long seed, int k, Path results,
            Map<String, Object> provenance) throws IOException {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("rule", e.rule());
        for (int i = 0; i < e.members().size(); i++) {
            Suite.Member m = e.members().get(i);
            identity.put("member" + i, m.method() + " " + new java.util.TreeMap<>(m.setOrEmpty()));
        }
        RunSpec spec = new RunSpec(e.name(), dataset, identity, List.of(Map.of()), seed, k, 0, null, provenance);
        Path dir = new RunLauncher(results, java.time.Duration.ZERO, "1g").runDir(spec);
        Files.createDirectories(dir);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("started_at", Instant.now().toString());
        List<Map<String, Object>> members = new ArrayList<>();
        List<CsrMatrix> predictions = new ArrayList<>();
        double fitSeconds = 0;
        String failure = null;
        for (Suite.Member m : e.members()) {
            Path run = findRun(results, dataset, m, seed);
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("method", m.method());
            member.put("fit_params", m.setOrEmpty());
            member.put("run", run == null ? null : results.relativize(run).toString());
            members.add(member);
            if (run == null) {
                failure = "member " + m.method() + " " + m.setOrEmpty() + " has no successful run on " + dataset
                        + " (seed " + seed + ") in " + results.resolve("runs");
                break;
            }
            Map<String, Object> rec = RunRecord.read(run);
            fitSeconds += fitSeconds(rec);
            predictions.add(Npz.read(run.resolve(defaultPredictions(rec, run))));
        }
        record.put("ensemble", Map.of("rule", e.rule(), "members", members));
        record.putAll(RunRecord.header(spec, null));
        // Combined here, by this harness: what it measures is where the ensemble was computed.
        record.put("provenance", Provenance.record(provenance, Provenance.measure()));
        if (failure != null) {
            record.put("status", "failed");
            record.put("stage", "ensemble");
            record.put("reason", failure);
            RunRecord.write(dir, record);
            return new Outcome(dataset, e.name(), seed, false, failure, dir);
        }
        XmcDataset data = DatasetResolver.standard().load(dataset, null, false, false);
        CsrMatrix combined = Ensembler.combine(predictions, Ensembler.Rule.parse(e.rule()));
        String file = "predictions-default.npz";
        Npz.write(combined, dir.resolve(file), true);
        Scoring.Scored scored = Scoring.score(data, combined, k);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("query", Map.of());
        result.put("query_key", "default");
        result.put("predict", Map.of());
        result.put("latency", Map.of());
        result.put("metrics", scored.metrics());
        result.put("precision_coverage", scored.curve());
        result.put("decile_contribution", scored.decileRecord());
        result.put("predictions", file);
        record.put("status", "success");
        record.put("stage", "done");
        record.put("reason", null);
        // The ensemble's fit time is its members' (the combination itself takes no fitting).
        record.put("timings", Map.of("fit", Map.of("wall_s", fitSeconds)));
        record.put("results", List.of(result));
        record.put("dataset_sha256", data.fileSha256());
        record.put("finished_at", Instant.now().toString());
        RunRecord.write(dir, record);
        return new Outcome(dataset, e.name(), seed, true, null, dir);
    }

    /** The newest successful run of a member (same method, dataset, seed and fit parameters), or null. */
    static Path findRun(Path results, String dataset, Suite.Member m, long seed) throws IOException {
        Path methodDir = results.resolve("runs").resolve(RunLauncher.safe(dataset))
                .resolve(RunLauncher.safe(m.method()));
        if (!Files.isDirectory(methodDir)) {
            return null;
        }
        Path best = null;
        String bestTime = "";
        try (var dirs = Files.list(methodDir)) {
            for (Path d : dirs.toList()) {
                if (!Files.isRegularFile(d.resolve(RunRecord.FILE))) {
                    continue;
                }
                Map<String, Object> rec = RunRecord.read(d);
                boolean same = "success".equals(rec.get("status"))
                        && Objects.equals(rec.get("fit_params"), m.setOrEmpty())
                        && rec.get("seed") instanceof Number n && n.longValue() == seed
                        && !Boolean.TRUE.equals(rec.get("inference_only"));
                String time = String.valueOf(rec.get("finished_at"));
                if (same && time.compareTo(bestTime) > 0) {
                    best = d;
                    bestTime = time;
                }
            }
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    private static String defaultPredictions(Map<String, Object> rec, Path run) throws IOException {
        List<Map<String, Object>> results = (List<Map<String, Object>>) rec.get("results");
        if (results == null || results.isEmpty()) {
            throw new IOException(run + ": a successful run without results");
        }
        for (Map<String, Object> r : results) {
            if ("default".equals(r.get("query_key"))) {
                return String.valueOf(r.get("predictions"));
            }
        }
        return String.valueOf(results.get(0).get("predictions"));
    }

    @SuppressWarnings("unchecked")
    private static double fitSeconds(Map<String, Object> rec) {
        Map<String, Object> timings = (Map<String, Object>) rec.get("timings");
        Map<String, Object> fit = timings == null ? null : (Map<String, Object>) timings.get("fit");
        return fit != null && fit.get("wall_s") instanceof Number n ? n.doubleValue() : 0;
    }
}
