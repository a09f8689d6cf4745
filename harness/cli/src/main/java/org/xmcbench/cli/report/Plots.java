package org.xmcbench.cli.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, rendered in Java (XChart) to PNG and embedded as data URIs: the HTML needs no network. */
public final class Plots {
    private Plots() {}

    static String png(XYChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setYAxisDecimalPattern("0.##");
        c.getStyler().setXAxisDecimalPattern("0.###");
        return c;
    }

    /** P@1 against throughput (log scale), one series per method, plus the Pareto front. */
    static String p1VsThroughput(String dataset, List<LeaderboardRow> rows) throws IOException {
        XYChart c = chart(dataset + ": P@1 vs throughput", "queries / s (log)", "P@1 (%)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        addByMethod(c, rows, LeaderboardRow::throughputQps);
        List<LeaderboardRow> ok = rows.stream().filter(r -> r.p1() != null && r.throughputQps() != null).toList();
        List<LeaderboardRow> front = new ArrayList<>();
        ok.stream().sorted(Comparator.comparing(LeaderboardRow::throughputQps).reversed()).forEach(r -> {
            if (front.isEmpty() || r.p1() > front.get(front.size() - 1).p1()) {
                front.add(r);
            }
        });
        if (front.size() > 1) {
            XYSeries s = c.addSeries("Pareto front", front.stream().map(LeaderboardRow::throughputQps).toList(),
                    front.stream().map(r -> 100 * r.p1()).toList());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
        }
        return png(c);
    }

    static String p1VsFitTime(String dataset, List<LeaderboardRow> rows) throws IOException {
        XYChart c = chart(dataset + ": P@1 vs fit time", "fit wall time (s)", "P@1 (%)");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        addByMethod(c, rows, LeaderboardRow::fitSeconds);
        return png(c);
    }

    static String precisionCoverage(String dataset, List<LeaderboardRow> rows) throws IOException {
        XYChart c = chart(dataset + ": precision-coverage of the top-1 answer", "coverage (share of queries)",
                "precision");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (LeaderboardRow r : rows) {
            if (r.precisionCoverage().size() < 2) {
                continue;
            }
            // One curve per run: variants of one method (presets, ablations) are told apart by their settings.
            String name = used.contains(r.label()) ? r.label() + " " + r.configHash() + " " + r.settings() : r.label();
            used.add(name);
            XYSeries s = c.addSeries(name, r.precisionCoverage().stream().map(p -> p.coverage()).toList(),
                    r.precisionCoverage().stream().map(p -> p.precision()).toList());
            s.setMarker(SeriesMarkers.NONE);
        }
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no curve", List.of(0.0), List.of(0.0));
        }
        return png(c);
    }

    private static void addByMethod(XYChart c, List<LeaderboardRow> rows,
            java.util.function.Function<LeaderboardRow, Double> x) {
        Map<String, List<LeaderboardRow>> by = new LinkedHashMap<>();
        for (LeaderboardRow r : rows) {
            if (r.p1() != null && x.apply(r) != null && x.apply(r) > 0) {
                by.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
            }
        }
        by.forEach((label, rs) -> c.addSeries(label, rs.stream().map(x).toList(),
                rs.stream().map(r -> 100 * r.p1()).toList()));
        if (by.isEmpty()) {
            c.addSeries("no successful run", List.of(1.0), List.of(0.0));
        }
    }
}
