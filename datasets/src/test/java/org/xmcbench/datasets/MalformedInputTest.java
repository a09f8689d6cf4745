package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.FilterPairs;
import org.xmcbench.datasets.io.LfJson;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.PropensityFile;
import org.xmcbench.datasets.io.XcOldFormat;
import org.xmcbench.datasets.io.XcSparseText;
import org.xmcbench.datasets.layout.DatasetReader;

/** Each kind of bad input, in a real malformed file, fails with the file, the place and the problem. */
class MalformedInputTest {
    @TempDir
    Path tmp;

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static void assertError(Path file, String location, String problem, ThrowingRunnable r) {
        DataFormatException e = assertThrows(DataFormatException.class, r::run);
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains(location), "expected '" + location + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void sparseTextErrors() throws IOException {
        Path p;
        p = file("badheader.txt", "2 x\n0:1\n\n");
        assertError(p, "line 1", "header", () -> XcSparseText.read(p));
        Path tooFew = file("short.txt", "3 4\n0:1\n1:1\n");
        assertError(tooFew, "line 3", "header declares 3", () -> XcSparseText.read(tooFew));
        Path tooMany = file("long.txt", "1 4\n0:1\n1:1\n");
        assertError(tooMany, "line 3", "more rows", () -> XcSparseText.read(tooMany));
        Path range = file("range.txt", "2 4\n0:1\n1:1 4:0.5\n");
        assertError(range, "line 3", "index 4 is >= the declared dimension 4", () -> XcSparseText.read(range));
        Path unsorted = file("unsorted.txt", "1 4\n2:1 1:1\n");
        assertError(unsorted, "line 2", "not in ascending order", () -> XcSparseText.read(unsorted));
        Path dup = file("dup.txt", "1 4\n2:1 2:1\n");
        assertError(dup, "line 2", "duplicated", () -> XcSparseText.read(dup));
        Path nonNumeric = file("nan-token.txt", "1 4\n2:abc\n");
        assertError(nonNumeric, "line 2", "'abc' is not a finite decimal number", () -> XcSparseText.read(nonNumeric));
        Path nan = file("nan.txt", "1 4\n2:nan\n");
        assertError(nan, "line 2", "not a finite", () -> XcSparseText.read(nan));
        Path inf = file("inf.txt", "1 4\n2:inf\n");
        assertError(inf, "line 2", "not a finite", () -> XcSparseText.read(inf));
        Path overflow = file("overflow.txt", "1 4\n2:1e39\n");
        assertError(overflow, "line 2", "not a finite", () -> XcSparseText.read(overflow));
        Path javaOnly = file("javafloat.txt", "1 4\n2:1.5f\n");
        assertError(javaOnly, "line 2", "not a finite", () -> XcSparseText.read(javaOnly));
        Path noColon = file("nocolon.txt", "1 4\n2\n");
        assertError(noColon, "line 2", "not index:value", () -> XcSparseText.read(noColon));
        Path negIdx = file("neg.txt", "1 4\n-1:1\n");
        assertError(negIdx, "line 2", "not a non-negative integer", () -> XcSparseText.read(negIdx));
        Path empty = file("empty.txt", "");
        assertError(empty, "line 1", "empty file", () -> XcSparseText.read(empty));
    }

    @Test
    void truncatedGzip() throws IOException {
        StringBuilder b = new StringBuilder("2000 50\n");
        for (int i = 0; i < 2000; i++) {
            b.append(i % 49).append(":0.").append(i).append(' ').append(49).append(":1\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] all = bytes.toByteArray();
        Path p = tmp.resolve("cut.txt.gz");
        Files.write(p, java.util.Arrays.copyOf(all, all.length / 2));
        assertError(p, "line ", "truncated or corrupt gzip", () -> XcSparseText.read(p));
    }

    @Test
    void oldFormatErrors() throws IOException {
        Path ok = file("ok.txt", "3 5 4\n0,2 1:0.5 3:1\n 0:1\n3 \n");
        XcOldFormat.Split s = XcOldFormat.read(ok);
        assertEquals(3, s.labels().rows());
        assertEquals(0, s.labels().rowNnz(1));
        assertEquals(0, s.features().rowNnz(2));
        Path header = file("h.txt", "3 5\n0 1:1\n");
        assertError(header, "line 1", "header", () -> XcOldFormat.read(header));
        Path label = file("l.txt", "1 5 4\n0,9 1:1\n");
        assertError(label, "line 2", "label 9 is >= the declared number of labels 4", () -> XcOldFormat.read(label));
        Path noSpace = file("ns.txt", "1 5 4\n1:1 2:1\n");
        assertError(noSpace, "line 2", "must start with a space", () -> XcOldFormat.read(noSpace));
        Path unsorted = file("u.txt", "1 5 4\n2,1 1:1\n");
        assertError(unsorted, "line 2", "ascending", () -> XcOldFormat.read(unsorted));
    }

    @Test
    void jsonErrors() throws IOException {
        Path missing = file("trn.json", "{\"uid\": \"a\", \"title\": \"t\", \"content\": \"c\", \"target_ind\": [0]}\n");
        assertError(missing, "line 1", "missing field 'target_rel'", () -> LfJson.readPoints(missing, 3));
        Path noTitle = file("lbl.json", "{\"uid\": \"a\", \"title\": \"t\", \"content\": \"\"}\n{\"uid\": \"b\", \"content\": \"\"}\n");
        assertError(noTitle, "line 2", "missing field 'title'", () -> LfJson.readLabels(noTitle));
        Path broken = file("b.json", "{\"uid\": \"a\", \"title\": \n");
        assertError(broken, "line 1", "malformed JSON", () -> LfJson.readLabels(broken));
        Path range = file("r.json", "{\"uid\": \"a\", \"title\": \"t\", \"content\": \"c\", \"target_ind\": [5], \"target_rel\": [1.0]}\n");
        assertError(range, "line 1", "target_ind[0] = 5 is >= the number of labels 3", () -> LfJson.readPoints(range, 3));
        Path lengths = file("len.json", "{\"uid\": \"a\", \"title\": \"t\", \"content\": \"c\", \"target_ind\": [0, 1], \"target_rel\": [1.0]}\n");
        assertError(lengths, "line 1", "target_rel has 1", () -> LfJson.readPoints(lengths, 3));
    }

    @Test
    void filterErrors() throws IOException {
        Path f = file("filter.txt", "0 1\n5 2\n");
        assertError(f, "line 2", "row 5 is >= the 3 rows", () -> FilterPairs.read(f, 3, 4));
        Path g = file("filter2.txt", "0\n");
        assertError(g, "line 1", "expected 'row label'", () -> FilterPairs.read(g, 3, 4));
        CsrMatrix ok = FilterPairs.read(file("filter3.txt", "2 3\n0 1\n2 0\n0 1\n"), 3, 4);
        assertEquals(3, ok.nnz(), "pairs are sorted and deduplicated");
        assertEquals(0, ok.index(ok.rowStart(2)));
    }

    @Test
    void truncatedAndNonZipNpz() throws IOException {
        CsrMatrix m = CsrMatrix.of(2, 3, new long[] {0, 1, 3}, new int[] {1, 0, 2}, new float[] {1f, 2f, 3f});
        Path good = tmp.resolve("m.npz");
        Npz.write(m, good, true);
        byte[] all = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 30));
        assertError(cut, "", "zip", () -> Npz.read(cut));
        Path text = file("text.npz", "not a zip at all");
        assertError(text, "", "not a readable zip archive", () -> Npz.read(text));
    }

    @Test
    void rowCountsMustAgreeAcrossFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ds"));
        Files.writeString(dir.resolve("trn_X_Y.txt"), "2 3\n0:1\n1:1\n");
        Files.writeString(dir.resolve("tst_X_Y.txt"), "1 3\n2:1\n");
        Files.writeString(dir.resolve("trn_X_Xf.txt"), "3 4\n0:1\n1:1\n2:1\n");
        Files.writeString(dir.resolve("tst_X_Xf.txt"), "1 4\n0:1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetReader.read(dir));
        assertTrue(e.getMessage().contains("trn_X_Xf.txt") && e.getMessage().contains("3 rows")
                && e.getMessage().contains("trn_X_Y.txt has 2 rows"), e.getMessage());
        Files.writeString(dir.resolve("trn_X_Xf.txt"), "2 4\n0:1\n1:1\n");
        Files.writeString(dir.resolve("Y.txt"), "a\nb\n");
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> DatasetReader.read(dir));
        assertTrue(e2.getMessage().contains("Y.txt") && e2.getMessage().contains("2 label texts"), e2.getMessage());
        Files.writeString(dir.resolve("Y.txt"), "a\nb\nc\n");
        Files.writeString(dir.resolve("X.trn.txt"), "only one line\n");
        Files.writeString(dir.resolve("X.tst.txt"), "x\n");
        DataFormatException e3 = assertThrows(DataFormatException.class, () -> DatasetReader.read(dir));
        assertTrue(e3.getMessage().contains("X.trn.txt") && e3.getMessage().contains("1 texts"), e3.getMessage());
    }

    @Test
    void propensityErrors() throws IOException {
        Path missing = file("propensity-missing.json", "{\"A\": 0.55}\n");
        assertError(missing, "field 'B'", "expected a positive number, got nothing",
                () -> PropensityFile.read(missing));
        Path text = file("propensity-text.json", "{\"A\": \"0.55\", \"B\": 1.5}\n");
        assertError(text, "field 'A'", "expected a positive number", () -> PropensityFile.read(text));
        Path notJson = file("propensity-bad.json", "A=0.55\n");
        assertError(notJson, "", "not JSON", () -> PropensityFile.read(notJson));
    }
}
