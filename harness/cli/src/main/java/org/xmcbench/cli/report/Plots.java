package org.xmcbench.cli.report;

import static tech.tablesaw.aggregate.AggregateFunctions.mean;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The report's plots, rendered in Java (XChart) to PNG and embedded as data URIs: the HTML needs no network. Each
 * method has its colour from {@link MethodColours} in every chart, and the charts carry no legend (the page shows
 * one key for all of them, so a long name never squeezes a plot). A trivial baseline is a dashed grey line at its
 * P@1, never a point that stretches an axis; an axis is logarithmic where its values span two decades or more.
 */
public final class Plots {
    /** A rendered chart and how many points (or reference lines) it plots; a chart with none is not drawn. */
    public record Chart(String title, String dataUri, int points) {}

    /** Values spanning this ratio or more are plotted on a log axis. */
    static final double LOG_SPAN = 100;
    private static final Pattern P_AT_K = Pattern.compile("P@(\\d+)");

    private Plots() {}

    static String png(XYChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(560).height(380).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setYAxisDecimalPattern("0.##");
        c.getStyler().setXAxisDecimalPattern("0.###");
        return c;
    }

    private static Chart render(XYChart c, int points) throws IOException {
        return new Chart(c.getTitle(), points == 0 ? null : png(c), points);
    }

    /** P@1 against throughput, one colour per method, plus the Pareto front (black) of the non-baseline runs. */
    static Chart p1VsThroughput(String dataset, List<LeaderboardRow> rows, MethodColours colours)
            throws IOException {
        XYChart c = chart(dataset + ": P@1 vs throughput", "queries / s", "P@1 (%)");
        List<LeaderboardRow> plotted = scatter(c, rows, LeaderboardRow::throughputQps, colours);
        List<LeaderboardRow> front = new ArrayList<>();
        plotted.stream().filter(r -> !MethodColours.isBaseline(r.method()))
                .sorted(Comparator.comparing(LeaderboardRow::throughputQps).reversed()).forEach(r -> {
                    if (front.isEmpty() || r.p1() > front.get(front.size() - 1).p1()) {
                        front.add(r);
                    }
                });
        if (front.size() > 1) {
            XYSeries s = c.addSeries("Pareto front", front.stream().map(LeaderboardRow::throughputQps).toList(),
                    front.stream().map(r -> 100 * r.p1()).toList());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.BLACK);
        }
        return render(c, plotted.size());
    }

    static Chart p1VsFitTime(String dataset, List<LeaderboardRow> rows, MethodColours colours) throws IOException {
        XYChart c = chart(dataset + ": P@1 vs fit time", "fit wall time (s)", "P@1 (%)");
        return render(c, scatter(c, rows, LeaderboardRow::fitSeconds, colours).size());
    }

    /**
     * One scatter series per method and query setting; trivial baselines as horizontal lines across the others'
     * range (as points only when nothing else is plotted). Returns the rows plotted.
     */
    private static List<LeaderboardRow> scatter(XYChart c, List<LeaderboardRow> rows,
            Function<LeaderboardRow, Double> x, MethodColours colours) {
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        List<LeaderboardRow> ok = rows.stream().filter(r -> r.p1() != null && x.apply(r) != null && x.apply(r) > 0)
                .toList();
        List<LeaderboardRow> points = ok.stream().filter(r -> !MethodColours.isBaseline(r.method())).toList();
        List<LeaderboardRow> baselines = points.isEmpty() ? List.of()
                : ok.stream().filter(r -> MethodColours.isBaseline(r.method())).toList();
        if (points.isEmpty()) {
            points = ok;
        }
        Map<String, List<LeaderboardRow>> byLabel = new LinkedHashMap<>();
        points.forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        byLabel.forEach((label, rs) -> {
            XYSeries s = c.addSeries(label, rs.stream().map(x).toList(), rs.stream().map(r -> 100 * r.p1()).toList());
            s.setMarkerColor(colours.of(rs.get(0).method()));
        });
        if (!points.isEmpty()) {
            double lo = points.stream().mapToDouble(x::apply).min().orElseThrow();
            double hi = points.stream().mapToDouble(x::apply).max().orElseThrow();
            c.getStyler().setXAxisLogarithmic(hi / lo >= LOG_SPAN);
            Map<String, List<LeaderboardRow>> byBaseline = new LinkedHashMap<>();
            baselines.forEach(r -> byBaseline.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
            byBaseline.forEach((label, rs) -> {
                double p1 = 100 * rs.stream().mapToDouble(LeaderboardRow::p1).average().orElseThrow();
                XYSeries s = c.addSeries(label + " (baseline)", List.of(lo, hi), List.of(p1, p1));
                baselineStyle(s);
            });
        }
        List<LeaderboardRow> plotted = new ArrayList<>(points);
        plotted.addAll(baselines);
        return plotted;
    }

    private static void baselineStyle(XYSeries s) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(MethodColours.BASELINE);
        s.setLineStyle(SeriesLines.DASH_DASH);
    }

    /** One curve per configuration (its first seed's), the method's colour; a method's further ones dashed. */
    static Chart precisionCoverage(String dataset, List<LeaderboardRow> rows, MethodColours colours)
            throws IOException {
        XYChart c = chart(dataset + ": precision-coverage of the top-1 answer", "coverage (share of queries)",
                "precision");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        Map<String, LeaderboardRow> byConfiguration = new LinkedHashMap<>();
        rows.stream().filter(r -> r.precisionCoverage().size() >= 2)
                .forEach(r -> byConfiguration.putIfAbsent(configuration(r), r));
        Map<String, Integer> perLabel = new LinkedHashMap<>();
        for (LeaderboardRow r : byConfiguration.values()) {
            int n = perLabel.merge(r.label(), 1, Integer::sum);
            XYSeries s = c.addSeries(n == 1 ? r.label() : r.label() + " #" + n,
                    r.precisionCoverage().stream().map(p -> p.coverage()).toList(),
                    r.precisionCoverage().stream().map(p -> p.precision()).toList());
            s.setMarker(SeriesMarkers.NONE);
            if (MethodColours.isBaseline(r.method())) {
                baselineStyle(s);
            } else {
                s.setLineColor(colours.of(r.method()));
                s.setLineStyle(n == 1 ? SeriesLines.SOLID : SeriesLines.DASH_DOT);
            }
        }
        return render(c, byConfiguration.size());
    }

    /** P@k against k, one line per configuration: the mean over its seeds. */
    static Chart pAtK(String dataset, List<LeaderboardRow> rows, MethodColours colours) throws IOException {
        XYChart c = chart(dataset + ": P@k against k", "k", "P@k (%)");
        return meanLines(c, rows, colours, r -> {
            Map<Integer, Double> byK = new LinkedHashMap<>();
            r.metrics().forEach((name, v) -> {
                Matcher m = P_AT_K.matcher(name);
                if (m.matches() && v != null && Double.isFinite(v)) {
                    byK.put(Integer.parseInt(m.group(1)), 100 * v);
                }
            });
            return byK;
        });
    }

    /**
     * pyxclib's decile contribution: how many points of P@5 come from each bin of labels by training frequency
     * (1 = the rarest), one line per configuration, the mean over its seeds. Runs recorded before the deciles were
     * kept have none.
     */
    static Chart decileContribution(String dataset, List<LeaderboardRow> rows, MethodColours colours)
            throws IOException {
        XYChart c = chart(dataset + ": where correct top-5 answers come from", "label-frequency decile (1 = rarest)",
                "contribution to P@5 (points)");
        return meanLines(c, rows, colours, r -> {
            Map<Integer, Double> byBin = new LinkedHashMap<>();
            for (int i = 0; i < r.decileContribution().size(); i++) {
                byBin.put(i + 1, 100 * r.decileContribution().get(i));
            }
            return byBin;
        });
    }

    /**
     * Lines of {@code points} (x to y of one run) per configuration, each y the mean over the configuration's
     * seeds (Tablesaw groups and averages); the method's colour, a method's further configurations dash-dotted,
     * baselines dashed grey. Returns the chart with how many points went in.
     */
    private static Chart meanLines(XYChart c, List<LeaderboardRow> rows, MethodColours colours,
            Function<LeaderboardRow, Map<Integer, Double>> points) throws IOException {
        c.getStyler().setXAxisDecimalPattern("0");
        StringColumn config = StringColumn.create("configuration");
        StringColumn label = StringColumn.create("label");
        StringColumn method = StringColumn.create("method");
        IntColumn x = IntColumn.create("x");
        DoubleColumn y = DoubleColumn.create("y");
        for (LeaderboardRow r : rows) {
            points.apply(r).forEach((px, py) -> {
                config.append(configuration(r));
                label.append(r.label());
                method.append(r.method());
                x.append(px);
                y.append(py);
            });
        }
        Table long_ = Table.create("points", config, label, method, x, y);
        if (long_.rowCount() == 0) {
            return render(c, 0);
        }
        Table means = long_.summarize("y", mean).by("configuration", "label", "method", "x").sortOn("x");
        Map<String, Integer> perLabel = new LinkedHashMap<>();
        for (Table line : means.splitOn("configuration").asTableList()) {
            String l = line.stringColumn("label").get(0);
            String m = line.stringColumn("method").get(0);
            int n = perLabel.merge(l, 1, Integer::sum);
            XYSeries s = c.addSeries(n == 1 ? l : l + " #" + n, line.intColumn("x").asDoubleColumn().asList(),
                    line.doubleColumn("Mean [y]").asList());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            if (MethodColours.isBaseline(m)) {
                baselineStyle(s);
            } else {
                s.setLineColor(colours.of(m));
                s.setMarkerColor(colours.of(m));
                s.setLineStyle(n == 1 ? SeriesLines.SOLID : SeriesLines.DASH_DOT);
            }
        }
        return render(c, long_.rowCount());
    }

    /** What tells a configuration apart from another of the same method: query setting, parameters, k. */
    private static String configuration(LeaderboardRow r) {
        return r.label() + "\u0000" + r.settings() + "\u0000" + r.k();
    }
}
