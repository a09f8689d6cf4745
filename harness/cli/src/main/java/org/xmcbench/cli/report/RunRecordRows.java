package org.xmcbench.cli.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.StringJoiner;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.core.metrics.MetricReport.PrecisionCoveragePoint;

/**
 * The leaderboard rows of one {@code run.json}: one per query setting of a successful run, one without metrics for
 * a failed (or running) run. Every field is read through {@link RecordField}, so damage is reported as the file and
 * field it is in.
 */
final class RunRecordRows {
    /** The config hash is shown (and matched by the gate) on its first 12 hex digits. */
    private static final int SHORT_HASH = 12;

    private RunRecordRows() {}

    /** The rows of a record, its run folder named by the folder's path. */
    static List<LeaderboardRow> of(Path file) throws DamagedRecordException {
        return of(file, String.valueOf(file.toAbsolutePath().getParent()));
    }

    /** The rows of a record, its run folder named {@code runFolder} (relative to the results folder). */
    static List<LeaderboardRow> of(Path file, String runFolder) throws DamagedRecordException {
        RecordField run = RecordField.root(file);
        String status = run.get("status").text();
        String dataset = run.get("dataset").text();
        String method = run.get("method").text();
        RecordField hashField = run.get("config_hash");
        String hash = hashField.text();
        if (hash.length() < SHORT_HASH) {
            throw hashField.damaged("expected a hash of at least " + SHORT_HASH + " characters, found '" + hash + "'");
        }
        hash = hash.substring(0, SHORT_HASH);
        String settings = settings(run.get("fit_params"));
        RecordField validation = run.get("validation").optionalObject();
        if (validation != null) { // fitted without a held-out share: another setup
            settings = (settings.isEmpty() ? "" : settings + " ") + "validation="
                    + validation.get("fraction").optionalText();
        }
        long seed = run.get("seed").integer(0);
        long kOrAbsent = run.get("k").integer(-1);
        Integer k = kOrAbsent < 0 ? null : (int) kOrAbsent;
        String hw = hardware(run.get("provenance").optionalObject());
        boolean ensemble = run.get("ensemble").optionalObject() != null;
        if (!"success".equals(status)) {
            return List.of(new LeaderboardRow(dataset, method, "-", hash, settings, status,
                    run.get("stage").optionalText() + ": " + run.get("reason").optionalText(), null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, hw,
                    seed, k, runFolder, List.of(), List.of(), ensemble, Map.of()));
        }
        RecordField fit = run.get("timings").object().get("fit").optionalObject();
        Double fitS = fit == null ? null : fit.get("wall_s").number();
        List<RecordField> results = run.get("results").array();
        if (results.isEmpty()) {
            throw run.get("results").damaged("a successful run with no results");
        }
        List<LeaderboardRow> out = new ArrayList<>();
        for (RecordField r : results) {
            r.object();
            RecordField metrics = r.get("metrics").object();
            Dialect py = new Dialect(metrics.get("pyxclib").optionalObject());
            Dialect pe = new Dialect(metrics.get("pecos").optionalObject());
            Dialect lat = new Dialect(r.get("latency").optionalObject());
            Dialect pred = new Dialect(r.get("predict").optionalObject());
            out.add(new LeaderboardRow(dataset, method, r.get("query_key").text(), hash, settings, status, null,
                    py.num("P@1"), py.num("P@3"), py.num("P@5"), py.num("nDCG@5"), py.num("PSP@1"), py.num("PSP@3"),
                    py.num("PSP@5"), pe.num("R@10"), py.num("coverage@5"), py.num("coverage_at_precision@0.90"),
                    py.num("coverage_at_precision@0.95"), py.num("coverage_at_validation_threshold@0.90"),
                    py.num("precision_at_validation_threshold@0.90"),
                    py.num("coverage_at_validation_threshold@0.95"),
                    py.num("precision_at_validation_threshold@0.95"), fitS, lat.num("p50_ms"), lat.num("p99_ms"),
                    pred.num("throughput_qps"), hw, seed, k, runFolder, curve(r.get("precision_coverage")),
                    deciles(r.get("decile_contribution")), ensemble,
                    publishable(metrics)));
        }
        return out;
    }

    /** The metrics papers report, by their names: P, nDCG and PSP@k of the pyxclib dialect, R@k of the pecos one. */
    private static Map<String, Double> publishable(RecordField metrics) throws DamagedRecordException {
        Map<String, Double> out = new TreeMap<>();
        for (String[] dialect : new String[][] {{"pyxclib", "(P|nDCG|PSP)@\\d+"}, {"pecos", "R@\\d+"}}) {
            RecordField d = metrics.get(dialect[0]).optionalObject();
            if (d == null) {
                continue;
            }
            for (String name : d.flat().keySet()) {
                Double v = name.matches(dialect[1]) ? d.get(name).number() : null;
                if (v != null) {
                    out.put(name, v);
                }
            }
        }
        return out;
    }

    /** Numbers of one optional object (a dialect's metrics, the latency): absent object, absent numbers. */
    private record Dialect(RecordField fields) {
        Double num(String name) throws DamagedRecordException {
            return fields == null ? null : fields.get(name).number();
        }
    }

    /**
     * The precision–coverage curve: points {threshold, coverage, precision}; records written before the points had
     * names hold [coverage, precision, threshold] arrays, read the same.
     */
    private static List<PrecisionCoveragePoint> curve(RecordField field) throws DamagedRecordException {
        List<PrecisionCoveragePoint> curve = new ArrayList<>();
        for (RecordField pt : field.optionalArray()) {
            Double coverage;
            Double precision;
            Double threshold;
            if (pt.present() && pt.isArray()) {
                List<RecordField> xy = pt.array();
                if (xy.size() < 2) {
                    throw pt.damaged("expected a point of at least 2 numbers, found " + xy.size());
                }
                coverage = xy.get(0).number();
                precision = xy.get(1).number();
                threshold = xy.size() > 2 ? xy.get(2).number() : Double.valueOf(Double.NaN);
            } else {
                pt.object();
                coverage = pt.get("coverage").number();
                precision = pt.get("precision").number();
                threshold = pt.get("threshold").number();
            }
            if (coverage == null || precision == null) {
                throw pt.damaged("a point without its coverage or precision");
            }
            curve.add(new PrecisionCoveragePoint(threshold == null ? Double.NaN : threshold, coverage, precision));
        }
        return curve;
    }

    /** Each label-frequency decile's contribution to P@5, rarest first; none in older records. */
    private static List<Double> deciles(RecordField field) throws DamagedRecordException {
        List<Double> out = new ArrayList<>();
        for (RecordField bin : field.optionalArray()) {
            Double c = bin.object().get("contribution").number();
            if (c == null) {
                throw bin.damaged("a decile without its contribution");
            }
            out.add(c);
        }
        return out;
    }

    /** "k=v k=v" of the given fit parameters, sorted by name; empty for none. */
    private static String settings(RecordField fitParams) throws DamagedRecordException {
        StringJoiner j = new StringJoiner(" ");
        fitParams.flat().forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /**
     * The machine the worker measured ({@code provenance.measured}); records written before provenance had its
     * configured and measured halves hold the measurement flat.
     */
    private static String hardware(RecordField provenance) throws DamagedRecordException {
        if (provenance == null) {
            return "";
        }
        RecordField measured = provenance;
        if (provenance.get(Provenance.MEASURED).present() || provenance.get(Provenance.CONFIGURED).present()) {
            measured = provenance.get(Provenance.MEASURED).optionalObject();
        }
        return measured == null ? "" : measured.get("cpu_model").optionalText() + " x"
                + measured.get("cpu_cores").optionalText();
    }
}
