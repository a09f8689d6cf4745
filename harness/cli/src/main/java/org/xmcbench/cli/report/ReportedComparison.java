package org.xmcbench.cli.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * "Reported vs reproduced": each published number ({@code results/reported.csv}: paper, method, dataset, metric,
 * value, unit, source) that has a reproduced run of the same method (id or descriptor name) on the same dataset.
 */
public final class ReportedComparison {
    /** Default tolerance in percentage points. */
    public static final double TOLERANCE = 1.0;

    /** A matched pair. */
    public record Match(String method, String dataset, String metric, double reported, double reproduced,
                        String paper, boolean ensemble, String source) {
        double delta() {
            return reproduced - reported;
        }

        boolean within() {
            return Math.abs(delta()) <= TOLERANCE;
        }
    }

    /** The matches, and how many reported numbers are on file. */
    public record Result(List<Match> matches, int reportedRows) {}

    private ReportedComparison() {}

    public static Result compare(Path reportedCsv, List<LeaderboardRow> rows) throws IOException {
        List<Match> out = new ArrayList<>();
        if (!Files.isRegularFile(reportedCsv)) {
            return new Result(out, 0);
        }
        int n = 0;
        try (Reader in = Files.newBufferedReader(reportedCsv)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                n++;
                String unit = rec.get("unit");
                if (!unit.startsWith("%")) {
                    continue;
                }
                double value;
                try {
                    value = Double.parseDouble(rec.get("value"));
                } catch (NumberFormatException e) {
                    continue;
                }
                for (LeaderboardRow r : rows) {
                    if (!"success".equals(r.status()) || !r.dataset().equalsIgnoreCase(rec.get("dataset"))
                            || !norm(r.method()).equals(norm(rec.get("method")))) {
                        continue;
                    }
                    Double ours = switch (rec.get("metric")) {
                        case "P@1" -> r.p1();
                        case "P@3" -> r.p3();
                        case "P@5" -> r.p5();
                        case "nDCG@5" -> r.ndcg5();
                        case "PSP@1" -> r.psp1();
                        case "PSP@3" -> r.psp3();
                        case "PSP@5" -> r.psp5();
                        default -> null;
                    };
                    if (ours != null) {
                        String paper = rec.get("paper");
                        boolean ensemble = (paper + rec.get("source")).toLowerCase(Locale.ROOT).contains("ensemble");
                        out.add(new Match(r.label(), r.dataset(), rec.get("metric"), value, 100 * ours, paper,
                                ensemble, rec.get("source")));
                    }
                }
            }
        }
        return new Result(out, n);
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
