package org.xmcbench.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The comparison in each paper's own layout: one table per paper, a row per method of the paper and run of ours,
 * a column per (dataset, metric) the paper reports, each cell the published number, ours, the difference, and a mark
 * when the difference is outside the tolerance. Papers, rows and columns keep the order of the published file.
 */
final class PaperTables {
    /** Marks a cell whose difference is outside {@link ReportedComparison#TOLERANCE}. */
    static final String OUTSIDE = "✗";

    /** One paper's table: column headers, then rows of cells (the row's name first). */
    record Table(String paper, List<String> header, List<List<String>> rows) {}

    private PaperTables() {}

    static List<Table> of(List<ReportedComparison.Match> matches) {
        Map<String, List<ReportedComparison.Match>> byPaper = new LinkedHashMap<>();
        matches.forEach(m -> byPaper.computeIfAbsent(m.published().paper(), k -> new ArrayList<>()).add(m));
        List<Table> out = new ArrayList<>();
        byPaper.forEach((paper, ms) -> {
            Set<String> columns = new LinkedHashSet<>();
            Map<String, Map<String, String>> rows = new LinkedHashMap<>();
            for (ReportedComparison.Match m : ms) {
                ReportedNumbers.Published p = m.published();
                String column = p.dataset() + " " + p.metric();
                columns.add(column);
                String row = p.method() + " (" + (p.ensemble() ? "ensemble" : "single") + ") — ours: " + m.run()
                        + " on " + m.dataset();
                rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(column, cell(m));
            }
            List<String> header = new ArrayList<>(List.of("method — our run"));
            header.addAll(columns);
            List<List<String>> cells = new ArrayList<>();
            rows.forEach((row, byColumn) -> {
                List<String> line = new ArrayList<>(List.of(row));
                columns.forEach(c -> line.add(byColumn.getOrDefault(c, "")));
                cells.add(line);
            });
            out.add(new Table(paper, header, cells));
        });
        return out;
    }

    /** "published / ours (difference)", marked outside the tolerance. */
    private static String cell(ReportedComparison.Match m) {
        return String.format(Locale.ROOT, "%.2f / %s (%+.2f)%s", m.published().value(),
                m.seeds() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f", m.reproduced(), m.std())
                        : String.format(Locale.ROOT, "%.2f", m.reproduced()),
                m.delta(), m.within() ? "" : " " + OUTSIDE);
    }
}
