package org.xmcbench.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunRecord;

/** Reads every {@code run.json} under a results folder into leaderboard rows. */
public final class ResultsScanner {
    private ResultsScanner() {}

    public static List<Path> runDirs(Path results) throws IOException {
        Path runs = results.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(runs, 4)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(RunRecord.FILE))).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    public static List<LeaderboardRow> rows(Path results) throws IOException {
        List<LeaderboardRow> out = new ArrayList<>();
        for (Path dir : runDirs(results)) {
            Map<String, Object> run = RunRecord.read(dir);
            String status = String.valueOf(run.get("status"));
            String dataset = String.valueOf(run.get("dataset"));
            String method = String.valueOf(run.get("method"));
            String hash = String.valueOf(run.get("config_hash")).substring(0, 12);
            String settings = settings(run.get("fit_params"));
            if (run.get("validation") instanceof Map<?, ?> v) { // fitted without a held-out share: another setup
                settings = (settings.isEmpty() ? "" : settings + " ") + "validation=" + v.get("fraction");
            }
            long seed = ((Number) run.getOrDefault("seed", 0)).longValue();
            Map<String, Object> prov = Provenance.measuredOf(run);
            String hw = prov.isEmpty() ? "" : prov.get("cpu_model") + " x" + prov.get("cpu_cores");
            if (!"success".equals(status)) {
                out.add(new LeaderboardRow(dataset, method, "-", hash, settings, status, run.get("stage") + ": "
                        + run.get("reason"), null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, hw, seed, List.of()));
                continue;
            }
            Map<String, Object> timings = (Map<String, Object>) run.get("timings");
            Map<String, Object> fit = (Map<String, Object>) timings.get("fit");
            Double fitS = fit == null ? null : num(fit.get("wall_s"));
            for (Map<String, Object> r : (List<Map<String, Object>>) run.get("results")) {
                Map<String, Object> metrics = (Map<String, Object>) r.get("metrics");
                Map<String, Object> py = (Map<String, Object>) metrics.get("pyxclib");
                Map<String, Object> pe = (Map<String, Object>) metrics.get("pecos");
                Map<String, Object> lat = (Map<String, Object>) r.get("latency");
                Map<String, Object> pred = (Map<String, Object>) r.get("predict");
                List<double[]> curve = new ArrayList<>();
                for (List<Number> pt : (List<List<Number>>) r.getOrDefault("precision_coverage", List.of())) {
                    curve.add(new double[] {pt.get(0).doubleValue(), pt.get(1).doubleValue()});
                }
                out.add(new LeaderboardRow(dataset, method, String.valueOf(r.get("query_key")), hash, settings,
                        status, null,
                        num(py.get("P@1")), num(py.get("P@3")), num(py.get("P@5")), num(py.get("nDCG@5")),
                        num(py.get("PSP@1")), num(py.get("PSP@3")), num(py.get("PSP@5")), num(pe.get("R@10")),
                        num(py.get("coverage@5")), num(py.get("coverage_at_precision@0.90")),
                        num(py.get("coverage_at_precision@0.95")), num(py.get("coverage_at_validation_threshold@0.90")),
                        num(py.get("precision_at_validation_threshold@0.90")),
                        num(py.get("coverage_at_validation_threshold@0.95")),
                        num(py.get("precision_at_validation_threshold@0.95")), fitS,
                        num(lat.get("p50_ms")), num(lat.get("p99_ms")), num(pred.get("throughput_qps")), hw, seed,
                        curve));
            }
        }
        return out;
    }

    /** "k=v k=v" of the given fit parameters, sorted by name; empty for none. */
    private static String settings(Object fitParams) {
        if (!(fitParams instanceof Map<?, ?> m) || m.isEmpty()) {
            return "";
        }
        java.util.StringJoiner j = new java.util.StringJoiner(" ");
        new java.util.TreeMap<>(m).forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
