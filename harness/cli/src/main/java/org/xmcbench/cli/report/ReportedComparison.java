package org.xmcbench.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.datasets.catalog.Catalog;
import tech.tablesaw.api.DoubleColumn;

/**
 * "Reported vs reproduced": each published number ({@link ReportedNumbers}) beside our runs of it. A run is the
 * published row's when its dataset is the catalog entry the paper's dataset name resolves to (the entry's
 * {@code aliases}), its method is the row's {@code method_id}, it is an ensemble exactly when the row is, and it has
 * every setting of the row's {@code variant}. The runs of one configuration over several seeds give one line, their
 * mean ± standard deviation.
 */
public final class ReportedComparison {
    /** Default tolerance in percentage points. */
    public static final double TOLERANCE = 1.0;

    /**
     * A published number and our runs of it.
     *
     * @param run our run's label (method and query setting) and its fit settings
     * @param reproduced the mean over {@code seeds} runs, in percent; {@code std} their sample deviation (0 for one)
     */
    public record Match(ReportedNumbers.Published published, String run, String dataset, double reproduced,
                        double std, int seeds) {
        public double delta() {
            return reproduced - published.value();
        }

        public boolean within() {
            return Math.abs(delta()) <= TOLERANCE;
        }
    }

    /** The matches, how many numbers are on file, and the file. */
    public record Result(List<Match> matches, int reportedRows, Path file) {}

    private ReportedComparison() {}

    public static Result compare(Path reportedCsv, Catalog catalog, List<LeaderboardRow> rows) throws IOException {
        List<ReportedNumbers.Published> published = ReportedNumbers.read(reportedCsv);
        List<Match> out = new ArrayList<>();
        for (ReportedNumbers.Published p : published) {
            String dataset = catalog.nameUsedBy(p.paper(), p.dataset());
            if (!p.comparable() || dataset == null) {
                continue;
            }
            Map<String, List<Double>> bySetting = new LinkedHashMap<>();
            for (LeaderboardRow r : rows) {
                Double ours = r.metrics().get(p.metric());
                if ("success".equals(r.status()) && ours != null && dataset.equals(catalog.canonicalName(r.dataset()))
                        && r.method().equals(p.methodId()) && r.ensemble() == p.ensemble() && has(r, p.variant())) {
                    bySetting.computeIfAbsent(r.label() + (r.settings().isEmpty() ? "" : " {" + r.settings() + "}"),
                            k -> new ArrayList<>()).add(100 * ours);
                }
            }
            bySetting.forEach((run, values) -> out.add(new Match(p, run, dataset, mean(values), std(values),
                    values.size())));
        }
        return new Result(out, published.size(), reportedCsv);
    }

    /** Whether the run has each setting, as a fit parameter or in its query setting. */
    private static boolean has(LeaderboardRow r, Map<String, String> variant) {
        List<String> settings = new ArrayList<>(Arrays.asList(r.settings().split(" ")));
        settings.addAll(Arrays.asList(r.queryKey().split(",")));
        return variant.entrySet().stream().allMatch(e -> settings.contains(e.getKey() + "=" + e.getValue()));
    }

    /** Over seeds as the leaderboard's {@link SeedSummary}: Tablesaw's mean and sample standard deviation. */
    private static double mean(List<Double> v) {
        return DoubleColumn.create("seeds", v).mean();
    }

    private static double std(List<Double> v) {
        return v.size() < 2 ? 0 : DoubleColumn.create("seeds", v).standardDeviation();
    }
}
