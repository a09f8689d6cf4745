package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.report.ResultsScanner;
import org.xmcbench.cli.run.RunRecord;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.generate.SyntheticGenerator;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

/**
 * {@code xmc datasets memorise}: the slice is N labelled training rows as both splits, row for row the source's
 * (features, labels, texts, train filter pairs), with the source's label side and propensities; the draw is fixed by
 * the seed; bad input is refused; and {@code xmc run} takes the slice as a dataset.
 */
class DatasetsMemoriseCommandTest {
    /** Six training rows, of which rows 1 and 3 have no label; filter pairs and propensities in side files. */
    private static Path tinyWithUnlabelledRows(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("trn_X_Xf.txt"), "6 4\n0:1\n1:1\n2:1\n3:1\n0:1 1:1\n2:1 3:1\n");
        Files.writeString(dir.resolve("trn_X_Y.txt"), "6 3\n0:1\n\n1:1\n\n2:1\n0:1 2:1\n");
        Files.writeString(dir.resolve("tst_X_Xf.txt"), "1 4\n0:1\n");
        Files.writeString(dir.resolve("tst_X_Y.txt"), "1 3\n0:1\n");
        Files.writeString(dir.resolve("filter_labels_train.txt"), "0 1\n2 2\n5 1\n");
        Files.writeString(dir.resolve("filter_labels_test.txt"), "0 2\n");
        Files.writeString(dir.resolve("propensity.json"), "{\"A\": 0.6, \"B\": 2.5}\n");
        return dir;
    }

    private static CliTest.Result memorise(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "datasets";
        all[1] = "memorise";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliTest.runWithoutNotes(all);
    }

    private static JsonNode record(Path slice) throws IOException {
        return new ObjectMapper().readTree(slice.resolve(DatasetsMemoriseCommand.RECORD).toFile());
    }

    private static int[] rowsOf(JsonNode record) {
        int[] rows = new int[record.get("train_rows").size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = record.get("train_rows").get(i).asInt();
        }
        return rows;
    }

    /** Row i of both splits of the slice is source train row rows[i]: features, labels, texts, filter pairs. */
    private static void assertRowsOfSource(XmcDataset source, XmcDataset slice, int[] rows) {
        assertEquals(rows.length, slice.trainLabels().rows());
        assertEquals(source.numLabels(), slice.numLabels(), "label space unchanged");
        sameRows(source.trainLabels(), rows, slice.trainLabels(), "train labels");
        sameRows(source.trainLabels(), rows, slice.testLabels(), "test labels");
        if (source.trainFeatures() != null) {
            sameRows(source.trainFeatures(), rows, slice.trainFeatures(), "train features");
            sameRows(source.trainFeatures(), rows, slice.testFeatures(), "test features");
        }
        if (source.trainFilter() != null) {
            sameRows(source.trainFilter(), rows, slice.trainFilter(), "train filter");
            sameRows(source.trainFilter(), rows, slice.testFilter(), "test filter: the queries' own pairs");
        }
        if (source.trainTexts() != null) {
            for (int i = 0; i < rows.length; i++) {
                assertEquals(source.trainTexts().get(rows[i]), slice.trainTexts().get(i), "train text " + i);
                assertEquals(source.trainTexts().get(rows[i]), slice.testTexts().get(i), "test text " + i);
            }
        }
        assertEquals(source.propensityA(), slice.propensityA());
        assertEquals(source.propensityB(), slice.propensityB());
    }

    private static void sameRows(CsrMatrix source, int[] rows, CsrMatrix slice, String what) {
        assertNotNull(slice, what + " lost");
        assertEquals(source.cols(), slice.cols(), what + ": columns");
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            int n = r < source.rows() ? source.rowNnz(r) : 0; // a filter file may stop before its last rows
            assertEquals(n, i < slice.rows() ? slice.rowNnz(i) : 0, what + ": row " + i + " (source row " + r + ")");
            for (int j = 0; j < n; j++) {
                assertEquals(source.index(source.rowStart(r) + j), slice.index(slice.rowStart(i) + j), what);
                assertEquals(source.value(source.rowStart(r) + j), slice.value(slice.rowStart(i) + j), what);
            }
        }
    }

    @Test
    void takesOnlyLabelledRowsAndCarriesFilterPairsAndPropensities(@TempDir Path tmp) throws Exception {
        Path source = tinyWithUnlabelledRows(tmp.resolve("tiny"));
        Path out = tmp.resolve("tiny-slice");
        CliTest.Result r = memorise(source.toString(), "--rows", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("xmc run --method METHOD --dataset " + out), r.out());
        JsonNode rec = record(out);
        assertArrayEquals(new int[] {0, 2, 4, 5}, rowsOf(rec), "all four labelled rows, none of the unlabelled");
        assertEquals("tiny", rec.get("source").asText());
        assertEquals(4, rec.get("rows").asInt());
        assertEquals(0, rec.get("seed").asLong());
        assertTrue(rec.get("source_files_sha256").has("trn_X_Y.txt"), rec.toString());
        XmcDataset src = DatasetReader.read(source);
        XmcDataset slice = DatasetReader.read(out);
        assertEquals("tiny-slice", slice.name());
        assertEquals(0.6, slice.propensityA());
        assertEquals(2.5, slice.propensityB());
        assertRowsOfSource(src, slice, rowsOf(rec));
        assertEquals(3, slice.testFilter().nnz(), "the three sampled rows' own pairs, not the source's test pair");
    }

    @Test
    void refusesBadInputSayingWhatIsWrong(@TempDir Path tmp) throws Exception {
        Path source = tinyWithUnlabelledRows(tmp.resolve("tiny"));
        Path out = tmp.resolve("slice");
        CliTest.Result tooMany = memorise(source.toString(), "--rows", "5", "--out", out.toString());
        assertEquals(1, tooMany.code());
        assertTrue(tooMany.err().contains("4 training rows with at least one label")
                && tooMany.err().contains("1 to 4"), tooMany.err());
        CliTest.Result zero = memorise(source.toString(), "--rows", "0", "--out", out.toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--rows must be at least 1, got 0"), zero.err());
        CliTest.Result unknown = memorise("LF-debian-dep", "--rows", "4", "--out", out.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown dataset 'LF-debian-dep'")
                && unknown.err().contains("did you mean 'LF-debian-deps'"), unknown.err());
        assertFalse(Files.exists(out), "nothing written for refused input");

        assertEquals(0, memorise(source.toString(), "--rows", "2", "--out", out.toString()).code());
        CliTest.Result again = memorise(source.toString(), "--rows", "3", "--out", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds files"), again.err());
        assertEquals(2, record(out).get("rows").asInt(), "the slice already there is left as it was");
    }

    @Test
    void theSeedFixesTheDraw(@TempDir Path tmp) throws Exception {
        Path source = tmp.resolve("synthetic");
        DatasetWriter.write(SyntheticGenerator.generate(new SyntheticGenerator.Spec(400, 50, 60, 300, 2.0, 4, 1.1, 5)),
                source, Layout.XC, DatasetWriter.Options.defaults());
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        assertEquals(0, memorise(source.toString(), "--rows", "32", "--seed", "7", "--out", a.toString()).code());
        assertEquals(0, memorise(source.toString(), "--rows", "32", "--seed", "7", "--out", b.toString()).code());
        assertEquals(0, memorise(source.toString(), "--rows", "32", "--seed", "8", "--out", c.toString()).code());
        for (String f : List.of("trn_X_Xf.txt", "trn_X_Y.txt", "tst_X_Xf.txt", "tst_X_Y.txt",
                DatasetsMemoriseCommand.RECORD)) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        int[] rowsA = rowsOf(record(a));
        assertFalse(java.util.Arrays.equals(rowsA, rowsOf(record(c))), "another seed draws other rows");
        assertEquals(32, java.util.Arrays.stream(rowsA).distinct().count());
        assertRowsOfSource(DatasetReader.read(source), DatasetReader.read(a), rowsA);
        assertEquals(Path.of("LF-debian-deps-memorise-512"),
                DatasetsMemoriseCommand.defaultFolder("LF-debian-deps", 512, 0));
        assertEquals(Path.of("LF-debian-deps-memorise-512-seed3"),
                DatasetsMemoriseCommand.defaultFolder("LF-debian-deps", 512, 3));
    }

    /**
     * The bundled LF dataset: texts, label texts and label features kept, the catalog's propensities carried, each
     * query's own filter pairs; and {@code xmc run} takes the slice, where 1-NN finds each query itself.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSliceOfTheBundledLfDatasetRunsEndToEnd(@TempDir Path tmp) throws Exception {
        Path slicePath = tmp.resolve("LF-debian-deps-memorise-512");
        CliTest.Result r = memorise("LF-debian-deps", "--rows", "512", "--seed", "0", "--out", slicePath.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        XmcDataset source = DatasetResolver.standard().load("LF-debian-deps", null, false);
        XmcDataset slice = DatasetReader.read(slicePath);
        int[] rows = rowsOf(record(slicePath));
        assertRowsOfSource(source, slice, rows);
        assertEquals(0.55, slice.propensityA(), "the catalog's constants");
        assertEquals(source.labelTexts(), slice.labelTexts());
        assertTrue(source.labelFeatures().sameAs(slice.labelFeatures()));
        assertEquals(source.vocabulary(), slice.vocabulary());
        assertTrue(slice.testFilter().nnz() > 0, "some sampled queries have filter pairs");

        Path results = tmp.resolve("results");
        CliTest.Result run = CliTest.run("run", "--method", "tfidf-knn", "--dataset", slicePath.toString(),
                "--query", "neighbours=1,10", "--out", results.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        Map<String, Object> rec = RunRecord.read(ResultsScanner.runDirs(results).get(0));
        Map<String, Double> precisionAt1 = new java.util.TreeMap<>();
        for (Map<String, Object> result : (List<Map<String, Object>>) rec.get("results")) {
            Map<String, Object> py = (Map<String, Object>) ((Map<String, Object>) result.get("metrics")).get("pyxclib");
            assertEquals(rows.length, ((Number) py.get("n_rows")).intValue());
            precisionAt1.put(String.valueOf(result.get("query")), ((Number) py.get("P@1")).doubleValue());
        }
        // A query's nearest train point is itself (cosine 1), so 1-NN predicts one of its own labels; only a copy
        // of its features drawn too (ties go to the lower row) or an empty feature row can make it miss.
        double unique = uniqueFeatureRowShare(slice.trainFeatures());
        assertTrue(unique > 0.95, "share of distinct non-empty feature rows " + unique);
        assertTrue(precisionAt1.get("{neighbours=1}") >= unique, precisionAt1 + " below " + unique);
    }

    /** The share of rows whose (non-empty) feature columns no other row has. */
    private static double uniqueFeatureRowShare(CsrMatrix x) {
        Map<List<Integer>, Integer> count = new java.util.HashMap<>();
        List<List<Integer>> patterns = new java.util.ArrayList<>();
        for (int r = 0; r < x.rows(); r++) {
            List<Integer> cols = new java.util.ArrayList<>();
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                cols.add(x.index(p));
            }
            patterns.add(cols);
            count.merge(cols, 1, Integer::sum);
        }
        return patterns.stream().filter(c -> !c.isEmpty() && count.get(c) == 1).count() / (double) x.rows();
    }
}
