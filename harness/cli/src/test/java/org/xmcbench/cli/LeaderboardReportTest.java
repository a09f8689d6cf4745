package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xmc report} on planted runs: the CSV tells every run apart in its own columns; a configuration over two seeds
 * is one row, mean ± sd; each method keeps its colour in every chart, and every chart has data (curves written as
 * named points and as the older unlabelled arrays both plot).
 */
class LeaderboardReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * A successful run: P@k = p1 - 0.05 (k - 1); a new record has named curve points and its deciles, an older one
     * [coverage, precision, threshold] arrays and no deciles.
     */
    static void plant(Path results, String method, long seed, double p1, double qps, double fitS, boolean namedCurve)
            throws IOException {
        String hash = String.format("%s%02d0000000000", method.replace("-", "").substring(0, 4), seed);
        Path dir = Files.createDirectories(results.resolve("runs/debian-tags/" + method + "/" + hash));
        Map<String, Object> py = new LinkedHashMap<>();
        for (int k = 1; k <= 5; k++) {
            py.put("P@" + k, p1 - 0.05 * (k - 1));
        }
        List<Object> curve = namedCurve
                ? List.of(Map.of("threshold", 0.9, "coverage", 0.1, "precision", 0.95),
                        Map.of("threshold", 0.1, "coverage", 1.0, "precision", p1))
                : List.of(List.of(0.1, 0.95, 0.9), List.of(1.0, p1, 0.1));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("status", "success");
        rec.put("dataset", "debian-tags");
        rec.put("method", method);
        rec.put("config_hash", hash);
        rec.put("seed", seed);
        rec.put("k", 10);
        rec.put("fit_params", Map.of("alpha", "1"));
        rec.put("timings", Map.of("fit", Map.of("wall_s", fitS)));
        Map<String, Object> result = new LinkedHashMap<>(Map.of("query_key", "default", "metrics",
                Map.of("pyxclib", py), "predict", Map.of("throughput_qps", qps), "precision_coverage", curve));
        if (namedCurve) {
            double p5 = (double) py.get("P@5");
            result.put("decile_contribution", List.of(Map.of("labels", 90, "contribution", 0.2 * p5),
                    Map.of("labels", 10, "contribution", 0.8 * p5)));
        }
        rec.put("results", List.of(result));
        JSON.writeValue(dir.resolve("run.json").toFile(), rec);
    }

    static List<CSVRecord> csv(Path results) throws IOException {
        try (Reader in = Files.newBufferedReader(results.resolve("leaderboard.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    @Test
    void theCsvHasAColumnForEachThingThatTellsRunsApart() throws IOException {
        Path results = tmp.resolve("results");
        plant(results, "tfidf-knn", 3, 0.40, 500, 2, true);
        plant(results, "prior", 0, 0.10, 1e6, 0.01, false);
        CliTest.Result r = CliTest.run("report", "--results", results.toString());
        assertEquals(0, r.code(), r.err());
        List<CSVRecord> rows = csv(results);
        assertEquals(2, rows.size());
        CSVRecord knn = rows.get(0);
        assertTrue(knn.getParser().getHeaderNames().containsAll(List.of("dataset", "method", "query", "seed", "k",
                "parameters", "config", "run folder", "status", "P@1")), knn.getParser().getHeaderNames().toString());
        assertEquals("tfidf-knn", knn.get("method"));
        assertEquals("default", knn.get("query"));
        assertEquals("3", knn.get("seed"));
        assertEquals("10", knn.get("k"));
        assertEquals("alpha=1", knn.get("parameters"));
        assertEquals("runs/debian-tags/tfidf-knn/tfid030000000000", knn.get("run folder"));
        assertEquals(40.0, Double.parseDouble(knn.get("P@1")), 1e-9);
    }

    @Test
    void twoSeedsOfAConfigurationAreOneRowOfMeanAndDeviation() throws IOException {
        Path results = tmp.resolve("results");
        plant(results, "tfidf-knn", 0, 0.40, 500, 2, true);
        plant(results, "tfidf-knn", 1, 0.44, 700, 3, true);
        plant(results, "prior", 0, 0.12, 1e6, 0.01, false);
        CliTest.Result r = CliTest.run("report", "--results", results.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, csv(results).size(), "the CSV keeps every run");
        String md = Files.readString(results.resolve("leaderboard.md"));
        assertTrue(md.contains("| method | query | k | parameters | seeds | P@1 |"), md);
        assertTrue(md.contains("| tfidf-knn | default | 10 | alpha=1 | 2 | 42.00 ± 2.83 | 32.00 ± 2.83 |"), md);
        assertTrue(md.contains("| prior | default | 10 | alpha=1 | 1 | 12.00 | 2.00 |"), md);
        String html = Files.readString(results.resolve("leaderboard.html"));
        assertTrue(html.contains("<td data-v=\"42.0\">42.00 ± 2.83</td>"), html);
    }

    @Test
    void failedRunsAreListedByFolderEvenWhenNoRunSucceeded() throws IOException {
        Path results = tmp.resolve("results");
        Path dir = Files.createDirectories(results.resolve("runs/debian-tags/xr-linear/xrli000000000000"));
        JSON.writeValue(dir.resolve("run.json").toFile(), Map.of("status", "failed", "stage", "fit", "reason",
                "out of memory", "dataset", "debian-tags", "method", "xr-linear", "config_hash", "xrli000000000000",
                "seed", 0, "fit_params", Map.of()));
        CliTest.Result r = CliTest.run("report", "--results", results.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(results.resolve("leaderboard.md")).contains("- xr-linear seed 0 "
                + "(runs/debian-tags/xr-linear/xrli000000000000): failed, fit: out of memory"));
        assertEquals("failed", csv(results).get(0).get("status"));
    }

    /** Three methods, one over two seeds, one a trivial baseline; the report written from them. */
    private Path threeMethods() throws IOException {
        Path results = tmp.resolve("results");
        plant(results, "tfidf-knn", 0, 0.40, 500, 2, true);
        plant(results, "tfidf-knn", 1, 0.44, 700, 3, false);
        plant(results, "xr-linear", 0, 0.50, 2000, 40, true);
        plant(results, "prior", 0, 0.10, 1e6, 0.01, false);
        assertEquals(0, CliTest.run("report", "--results", results.toString()).code());
        return results;
    }

    @Test
    void eachMethodHasOneColourInEveryChartAndEveryChartHasData() throws Exception {
        Path results = threeMethods();
        String html = Files.readString(results.resolve("leaderboard.html"));
        Map<String, Integer> colour = new LinkedHashMap<>();
        Matcher key = Pattern.compile("<i style=\"background:#([0-9a-f]{6})\"></i>([a-z-]+)").matcher(html);
        while (key.find()) {
            colour.put(key.group(2), Integer.parseInt(key.group(1), 16));
        }
        assertEquals(List.of("prior", "tfidf-knn", "xr-linear"), List.copyOf(colour.keySet()));
        assertEquals(3, colour.values().stream().distinct().count(), "one colour each: " + colour);
        Matcher img = Pattern.compile("<img class=\"chart\" alt=\"([^\"]+)\" data-points=\"(\\d+)\" "
                + "src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        int charts = 0;
        while (img.find()) {
            charts++;
            assertTrue(Integer.parseInt(img.group(2)) > 0, img.group(1));
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.group(3))));
            for (String method : List.of("tfidf-knn", "xr-linear")) {
                assertTrue(hasColour(png, colour.get(method)), img.group(1) + " draws " + method + " in #"
                        + Integer.toHexString(colour.get(method)));
            }
        }
        assertEquals(5, charts, "throughput, fit time, precision-coverage, P@k, decile contribution");
        assertTrue(!html.contains("Nothing to plot"), html);
    }

    /** In a real browser (skipped without chromium, as {@link HtmlInBrowser} says): every chart decodes and has data. */
    @Test
    void everyChartHasDataInABrowser() throws Exception {
        Path results = threeMethods();
        HtmlInBrowser.assertRendersOffline(results.resolve("leaderboard.html"), tmp.resolve("screenshot.png"));
    }

    /** Whether some pixel is within a few levels of {@code rgb} on each channel (lines are anti-aliased). */
    private static boolean hasColour(BufferedImage png, int rgb) {
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int p = png.getRGB(x, y);
                boolean near = true;
                for (int shift = 0; shift <= 16; shift += 8) {
                    near &= Math.abs(((p >> shift) & 0xff) - ((rgb >> shift) & 0xff)) <= 6;
                }
                if (near) {
                    return true;
                }
            }
        }
        return false;
    }
}
