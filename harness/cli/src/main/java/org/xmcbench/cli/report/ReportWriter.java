package org.xmcbench.cli.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.io.AtomicFiles;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Writes {@code leaderboard.md}, {@code leaderboard.csv} and a self-contained {@code leaderboard.html}. */
public final class ReportWriter {
    private ReportWriter() {}

    /** The three files written, and the damaged run records left out of them. */
    public record Written(Path markdown, Path csv, Path html, List<DamagedRecordException> skipped) {}

    /** The names of the files {@link #write} writes: generated, so a run's dirty check does not count them. */
    public static final List<String> FILE_NAMES = List.of("leaderboard.md", "leaderboard.csv", "leaderboard.html");

    /**
     * Writes the leaderboards of a results folder, with our runs of the published numbers in {@code reported}
     * (datasets named as the {@code catalog} resolves them). A damaged record is left out and listed in the report
     * (and in {@link Written#skipped}); a folder that is missing, holds no record, or only damaged ones is refused.
     */
    public static Written write(Path results, Path reported, Catalog catalog) throws IOException {
        ResultsScanner.Scan scan = ResultsScanner.scan(results, "results");
        if (scan.rows().isEmpty()) {
            throw new UnreadableResultsException("results folder " + results + " holds no readable run record (all "
                    + scan.records() + " damaged), first: " + scan.damaged().get(0).getMessage());
        }
        List<LeaderboardRow> rows = scan.rows();
        Table table = LeaderboardTable.of(rows);
        ReportedComparison.Result published = ReportedComparison.compare(reported, catalog, rows);
        Path md = results.resolve(FILE_NAMES.get(0));
        Path csv = results.resolve(FILE_NAMES.get(1));
        Path html = results.resolve(FILE_NAMES.get(2));
        AtomicFiles.writeString(md, markdown(table, published, scan.damaged()));
        AtomicFiles.writeString(csv, csv(table));
        AtomicFiles.writeString(html, html(table, rows, published, scan.damaged()));
        return new Written(md, csv, html, scan.damaged());
    }

    /** The damaged records a reader of the leaderboard must know were left out, one line each. */
    static List<String> skippedLines(List<DamagedRecordException> skipped) {
        return skipped.stream().map(Throwable::getMessage).toList();
    }

    /** The dataset's configurations over seeds (none when all its runs failed). */
    private static Table summaryOf(Table summary, String dataset) {
        return summary.where(summary.stringColumn("dataset").isEqualTo(dataset));
    }

    /** "method seed N (run folder): why", one per failed or unfinished run of a dataset's table. */
    private static List<String> failedRuns(Table t) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (!"success".equals(t.stringColumn("status").get(r))) {
                out.add(t.stringColumn(LeaderboardTable.METHOD).get(r) + " seed "
                        + t.intColumn(LeaderboardTable.SEED).get(r) + " (" + t.stringColumn(LeaderboardTable.RUN_FOLDER)
                        .get(r) + "): " + t.stringColumn("status").get(r) + ", " + t.stringColumn("note").get(r));
            }
        }
        return out;
    }

    static String markdown(Table table, ReportedComparison.Result reported, List<DamagedRecordException> skipped) {
        StringBuilder b = new StringBuilder("# xmcbench leaderboard\n\n");
        if (!skipped.isEmpty()) {
            b.append("**").append(skipped.size()).append(" damaged run record").append(skipped.size() == 1 ? " was"
                    : "s were").append(" left out of this report:**\n\n");
            skippedLines(skipped).forEach(l -> b.append("- ").append(l.replace("|", "\\|")).append('\n'));
            b.append('\n');
        }
        b.append("Metrics in %, pyxclib dialect (P, nDCG, PSP at the dataset's A/B, LF filter applied); R@10 in "
                + "the pecos dialect; coverage@5 = share of test labels found; cov@prec0.9 = share of queries whose "
                + "top-1 clears one threshold at precision >= 0.9, the threshold picked on the test labels (an upper "
                + "bound); C@1 val0.9 = the same share with the threshold picked on a validation split held out of "
                + "the training data, prec val0.9 = the precision those test queries then have (runs with a "
                + "validation split only). Latency: batch 1, nearest-rank percentiles. A configuration run over "
                + "several seeds is one row: mean ± sample standard deviation (every run is a row of "
                + "leaderboard.csv).\n\n");
        Table summary = SeedSummary.of(table);
        for (Table t : LeaderboardTable.byDataset(table)) {
            String ds = t.stringColumn("dataset").get(0);
            b.append("## ").append(ds).append("\n\n");
            Table s = summaryOf(summary, ds);
            if (s.rowCount() > 0) {
                List<String> cols = SeedSummary.shown(s);
                b.append("| ").append(String.join(" | ", cols)).append(" |\n|");
                cols.forEach(c -> b.append("---|"));
                b.append('\n');
                for (int r = 0; r < s.rowCount(); r++) {
                    b.append("|");
                    for (String c : cols) {
                        b.append(' ').append(SeedSummary.cell(s, c, r).replace("|", "\\|")).append(" |");
                    }
                    b.append('\n');
                }
            }
            List<String> failed = failedRuns(t);
            if (!failed.isEmpty()) {
                b.append("\nRuns without results:\n\n");
                failed.forEach(l -> b.append("- ").append(l.replace("|", "\\|")).append('\n'));
            }
            b.append("\nHardware: ").append(t.stringColumn("hardware").unique().asList()).append("\n\n");
        }
        b.append("## Reported vs reproduced\n\n").append(comparisonSummary(reported)).append("\n\n");
        if (!reported.matches().isEmpty()) {
            markdownTable(b, COMPARISON_COLUMNS,
                    reported.matches().stream().map(ReportWriter::comparisonCells).toList());
        }
        for (PaperTables.Table t : PaperTables.of(reported.matches())) {
            b.append("\n### ").append(t.paper()).append("\n\npublished / ours (difference), ")
                    .append(PaperTables.OUTSIDE).append(" outside the tolerance\n\n");
            markdownTable(b, t.header(), t.rows());
        }
        b.append("\nGenerated ").append(Instant.now()).append(" by `xmc report`.\n");
        return b.toString();
    }

    static String csv(Table table) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                .setHeader(table.columnNames().toArray(String[]::new)).get())) {
            for (int r = 0; r < table.rowCount(); r++) {
                List<Object> rec = new ArrayList<>();
                for (Column<?> c : table.columns()) {
                    rec.add(c.isMissing(r) ? "" : c.get(r));
                }
                p.printRecord(rec);
            }
        }
        return w.toString();
    }

    static String html(Table table, List<LeaderboardRow> rows, ReportedComparison.Result reported,
                       List<DamagedRecordException> skipped) throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>xmcbench leaderboard</title><style>body{font-family:sans-serif;margin:2em;}"
                + "table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #bbb;padding:3px 8px;"
                + "text-align:right;}th{background:#eee;}td:first-child{text-align:left;}img{margin:0.5em;"
                + "border:1px solid #ddd;}.key span{display:inline-block;margin-right:1.2em;white-space:nowrap;}"
                + ".key i{display:inline-block;width:0.9em;height:0.9em;margin-right:0.3em;vertical-align:middle;}"
                + SortableTables.STYLE + "</style></head><body>\n<h1>xmcbench leaderboard</h1>\n");
        if (!skipped.isEmpty()) {
            b.append("<p class=\"skipped\"><strong>").append(skipped.size()).append(" damaged run record")
                    .append(skipped.size() == 1 ? " was" : "s were").append(" left out of this report:</strong></p>\n<ul>");
            skippedLines(skipped).forEach(l -> b.append("<li>").append(esc(l)).append("</li>"));
            b.append("</ul>\n");
        }
        Table summary = SeedSummary.of(table);
        MethodColours colours = new MethodColours(rows.stream().map(LeaderboardRow::method).toList());
        for (Table t : LeaderboardTable.byDataset(table)) {
            String ds = t.stringColumn("dataset").get(0);
            b.append("<h2>").append(esc(ds)).append("</h2>\n");
            Table s = summaryOf(summary, ds);
            if (s.rowCount() > 0) {
                b.append("<div class=\"scroll\"><table class=\"leaderboard sortable\"><tr>");
                List<String> cols = SeedSummary.shown(s);
                cols.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
                b.append("</tr>\n");
                for (int r = 0; r < s.rowCount(); r++) {
                    b.append("<tr>");
                    for (String c : cols) {
                        String v = SeedSummary.sortKey(s, c, r);
                        b.append(v == null ? "<td>" : "<td data-v=\"" + v + "\">")
                                .append(esc(SeedSummary.cell(s, c, r))).append("</td>");
                    }
                    b.append("</tr>\n");
                }
                b.append("</table></div>\n");
            }
            List<String> failed = failedRuns(t);
            if (!failed.isEmpty()) {
                b.append("<p>Runs without results:</p>\n<ul class=\"failed\">");
                failed.forEach(l -> b.append("<li>").append(esc(l)).append("</li>"));
                b.append("</ul>\n");
            }
            b.append("<p>Hardware: ").append(esc(t.stringColumn("hardware").unique().asList().toString()))
                    .append("</p>\n");
            List<LeaderboardRow> dsRows = rows.stream().filter(r -> r.dataset().equals(ds)).toList();
            charts(b, dsRows, colours);
        }
        b.append("<h2>Reported vs reproduced</h2>\n<p>").append(esc(comparisonSummary(reported))).append("</p>\n");
        if (!reported.matches().isEmpty()) {
            htmlTable(b, "reported sortable", COMPARISON_COLUMNS,
                    reported.matches().stream().map(ReportWriter::comparisonCells).toList());
        }
        for (PaperTables.Table t : PaperTables.of(reported.matches())) {
            b.append("<h3>").append(esc(t.paper())).append("</h3>\n");
            htmlTable(b, "paper sortable", t.header(), t.rows());
        }
        b.append("<p>Generated ").append(Instant.now()).append(" by xmc report.</p>\n")
                .append(SortableTables.SCRIPT).append("</body></html>\n");
        return b.toString();
    }

    /**
     * A dataset's charts under one colour key (the charts have no legends): each method's colour, the baselines'
     * dashed grey line, the Pareto front. A chart with nothing to plot is named, not drawn.
     */
    private static void charts(StringBuilder b, List<LeaderboardRow> rows, MethodColours colours)
            throws IOException {
        String ds = rows.get(0).dataset();
        List<Plots.Chart> charts = List.of(Plots.p1VsThroughput(ds, rows, colours),
                Plots.p1VsFitTime(ds, rows, colours), Plots.precisionCoverage(ds, rows, colours),
                Plots.pAtK(ds, rows, colours), Plots.decileContribution(ds, rows, colours));
        b.append("<p class=\"key\">");
        rows.stream().map(LeaderboardRow::method).distinct().sorted().forEach(m -> b.append("<span><i style=\""
                + "background:").append(colours.css(m)).append("\"></i>").append(esc(m))
                .append(MethodColours.isBaseline(m) ? " (baseline, dashed line)" : "").append("</span>"));
        b.append("<span>black line: Pareto front</span></p>\n<div class=\"plots\">");
        for (Plots.Chart c : charts) {
            if (c.points() > 0) {
                b.append("<img class=\"chart\" alt=\"").append(esc(c.title())).append("\" data-points=\"")
                        .append(c.points()).append("\" src=\"").append(c.dataUri()).append("\">");
            }
        }
        b.append("</div>\n");
        List<String> empty = charts.stream().filter(c -> c.points() == 0).map(Plots.Chart::title).toList();
        if (!empty.isEmpty()) {
            b.append("<p>Nothing to plot (no successful run has the data): ").append(esc(String.join("; ", empty)))
                    .append("</p>\n");
        }
    }

    private static final List<String> COMPARISON_COLUMNS = List.of("paper", "table", "their method", "their dataset",
            "metric", "model", "reported", "our run", "our dataset", "reproduced", "seeds", "delta", "within",
            "source");

    private static String comparisonSummary(ReportedComparison.Result reported) {
        long numbers = reported.matches().stream().map(ReportedComparison.Match::published).distinct().count();
        return reported.matches().isEmpty()
                ? "No reproduced run matches a published number yet; " + reported.reportedRows()
                        + " published numbers are on file in " + reported.file() + "."
                : numbers + " of the " + reported.reportedRows() + " published numbers in " + reported.file()
                        + " have a run here (tolerance ±" + ReportedComparison.TOLERANCE + " points; over several "
                        + "seeds, mean ± standard deviation).";
    }

    private static List<String> comparisonCells(ReportedComparison.Match m) {
        ReportedNumbers.Published p = m.published();
        return List.of(p.paper(), p.table() + (p.page().isEmpty() ? "" : ", p. " + p.page()), p.method(),
                p.dataset(), p.metric(), p.ensemble() ? "ensemble" : "single",
                String.format(Locale.ROOT, "%.2f", p.value()), m.run(), m.dataset(),
                m.seeds() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f", m.reproduced(), m.std())
                        : String.format(Locale.ROOT, "%.2f", m.reproduced()),
                String.valueOf(m.seeds()), String.format(Locale.ROOT, "%+.2f", m.delta()), m.within() ? "yes" : "no",
                p.source());
    }

    private static void markdownTable(StringBuilder b, List<String> header, List<List<String>> rows) {
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(c -> b.append("---|"));
        b.append('\n');
        for (List<String> row : rows) {
            b.append("|");
            row.forEach(c -> b.append(' ').append(c.replace("|", "/")).append(" |"));
            b.append('\n');
        }
    }

    private static void htmlTable(StringBuilder b, String cssClass, List<String> header, List<List<String>> rows) {
        b.append("<div class=\"scroll\"><table class=\"").append(cssClass).append("\"><tr>");
        header.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            row.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table></div>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
