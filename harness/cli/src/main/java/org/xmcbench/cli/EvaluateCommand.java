package org.xmcbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.InversePropensity;
import org.xmcbench.core.metrics.MetricReport;
import org.xmcbench.core.metrics.MetricsEngine;
import org.xmcbench.datasets.io.FilterPairs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xmc evaluate}: score prediction files against ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score predictions against ground truth. Files may be XC sparse text (.txt, .txt.gz), scipy "
                + ".npz or dense .npy. Ties are broken by ascending label id; rows without labels stay in N; "
                + "missing prediction slots count as misses; filter pairs are removed before ranking.",
            "Dialects: pyxclib (default; P, nDCG, PSP, PSnDCG, R for k=1..5) and pecos (P, R for k=1..10). "
                + "Both also report hits@k, MRR@k and label coverage@k."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--truth", paramLabel = "Y", description = "ground-truth label matrix (test)")
    Path truth;

    @Option(names = "--pred", paramLabel = "P", description = "predicted score matrix")
    Path pred;

    @Option(names = "--run", paramLabel = "DIR", description = "recompute the metrics of a run directory from its "
            + "saved predictions (with the dataset's truth, filter and propensities; --A/--B/--k override)")
    Path run;

    @Option(names = "--train-labels", paramLabel = "Ytrn",
            description = "train label matrix, with the truth's label count: enables PSP/PSnDCG (propensities of "
                    + "Jain et al. 2016)")
    Path trainLabels;

    @Option(names = "--A", paramLabel = "a",
            description = "propensity A, finite and > 0 (default 0.55 when --train-labels is given)")
    Double a;

    @Option(names = "--B", paramLabel = "b",
            description = "propensity B, finite and > 0 (default 1.5 when --train-labels is given)")
    Double b;

    @Option(names = "--filter", paramLabel = "F", description = "LF filter file: 'row label' pairs removed from "
            + "the predictions before ranking")
    Path filter;

    @Option(names = "--k", paramLabel = "K", description = "largest cut-off, 1 to " + OptionChecks.MAX_K
            + " and at most the label count (default: 5 for pyxclib, 10 for pecos)")
    Integer k;

    @Option(names = "--dialect", defaultValue = "pyxclib", description = "pyxclib | pecos (default: ${DEFAULT-VALUE})")
    String dialect;

    @Option(names = "--precision", split = ",", paramLabel = "p",
            description = "also report coverage at precision >= p (ALC's operating point), e.g. 0.9,0.95")
    double[] precisions;

    @Option(names = "--threshold", paramLabel = "t",
            description = "also report micro/macro F1 of the predictions with score >= t")
    Double threshold;

    @Option(names = "--json", description = "print one JSON object (fractions in [0,1], full precision)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dialect d;
        try {
            d = Dialect.parse(dialect);
            // PSP with a non-finite or non-positive A or B is NaN; a huge k is a huge allocation per row.
            OptionChecks.positive("--A", a);
            OptionChecks.positive("--B", b);
            if (k != null) {
                OptionChecks.k("--k", k);
            }
            if (precisions != null) {
                for (double p : precisions) {
                    if (!(p > 0 && p <= 1)) {
                        throw new IllegalArgumentException("--precision must be in (0, 1], got " + p);
                    }
                }
            }
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("--threshold must be a finite number, got " + threshold);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (run != null) {
            return evaluateRun(d);
        }
        if (truth == null || pred == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --truth and --pred, or --run");
        }
        if ((a != null || b != null) && trainLabels == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--A/--B need --train-labels");
        }
        CsrMatrix y = MatrixFiles.read(truth);
        requireKWithin(y.cols());
        CsrMatrix p = MatrixFiles.readPredictions(pred);
        EvalOptions opt = EvalOptions.defaults(d).withK(k != null ? k : d.defaultK());
        if (trainLabels != null) {
            CsrMatrix yTrn = MatrixFiles.read(trainLabels);
            if (yTrn.cols() != y.cols()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--train-labels " + trainLabels + " has "
                        + yTrn.cols() + " labels but --truth " + truth + " has " + y.cols()
                        + ": propensities need the same label space");
            }
            opt = opt.withPropensity(InversePropensity.fromTrainLabels(yTrn, y.cols(), a != null ? a : 0.55,
                    b != null ? b : 1.5));
        }
        if (filter != null) {
            opt = opt.withFilter(FilterPairs.read(filter, y.rows(), y.cols()));
        }
        if (precisions != null) {
            opt = opt.withPrecisionTargets(precisions);
        }
        opt = opt.withF1Threshold(threshold);
        MetricReport r = MetricsEngine.evaluate(y.binarized(), p, opt);
        System.out.print(json ? toJson(r) + "\n" : toTable(r));
        return 0;
    }

    @SuppressWarnings("unchecked")
    private int evaluateRun(Dialect d) throws Exception {
        Map<String, Object> rec = org.xmcbench.cli.run.RunRecord.read(run);
        if (!"success".equals(rec.get("status"))) {
            throw new IllegalArgumentException(run + " is a " + rec.get("status") + " run: no predictions to score");
        }
        org.xmcbench.core.data.XmcDataset data = org.xmcbench.datasets.catalog.DatasetResolver.standard()
                .load(String.valueOf(rec.get("dataset")), null, false);
        requireKWithin(data.numLabels());
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) rec.get("results")) {
            CsrMatrix p = org.xmcbench.datasets.io.Npz.read(run.resolve(String.valueOf(r.get("predictions"))));
            Map<String, Object> all = org.xmcbench.cli.run.Scoring.allDialects(data, p, a, b, k);
            out.put(String.valueOf(r.get("query_key")), all.get(d.id()));
        }
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    /** A --k the user gave cannot exceed the truth's label count. */
    private void requireKWithin(int labels) {
        if (k != null && k > labels) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--k " + k + " exceeds the " + labels
                    + " labels of the truth");
        }
    }

    static String toJson(MetricReport r) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(r.values());
        m.put("dialect", r.dialect().id());
        m.put("A", r.a());
        m.put("B", r.b());
        m.put("n_rows", r.nRows());
        m.put("filtered", r.filtered());
        return new ObjectMapper().writeValueAsString(m);
    }

    /** The familiar x100 table: one line per metric family, one column per k. */
    static String toTable(MetricReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "dialect %s, %d rows, %s, filter %s%n", r.dialect(), r.nRows(),
                r.a() == null ? "no propensities" : "A=" + r.a() + " B=" + r.b(), r.filtered() ? "applied" : "none"));
        List<String> families = new ArrayList<>();
        Map<String, String> extras = new LinkedHashMap<>();
        for (String key : r.values().keySet()) {
            int at = key.indexOf('@');
            String fam = key.substring(0, at);
            if (key.startsWith("coverage_at_precision") || key.startsWith("F1-")) {
                extras.put(key, String.format(Locale.ROOT, "%.2f", 100 * r.get(key)));
            } else if (!families.contains(fam)) {
                families.add(fam);
            }
        }
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[r.k() + 1];
        head[0] = "k";
        for (int j = 1; j <= r.k(); j++) {
            head[j] = Integer.toString(j);
        }
        rows.add(head);
        for (String fam : families) {
            String[] row = new String[r.k() + 1];
            row[0] = fam;
            for (int j = 1; j <= r.k(); j++) {
                row[j] = String.format(Locale.ROOT, "%.2f", 100 * r.get(fam + "@" + j));
            }
            rows.add(row);
        }
        b.append(TextTable.render(rows));
        extras.forEach((key, v) -> b.append(key).append(' ').append(v).append('\n'));
        return b.toString();
    }
}
