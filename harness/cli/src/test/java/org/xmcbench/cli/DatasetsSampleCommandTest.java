package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DataHome;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * {@code xmc datasets sample}: each split's rows are the source's rows named in sample.json, label side kept; the
 * draw is fixed by the seed; bad sizes are refused; and the bundled debian-tags-mini is byte for byte what the
 * command writes, so the smoke suite's data can be checked rather than trusted.
 */
class DatasetsSampleCommandTest {
    private static CliTest.Result sample(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "datasets";
        all[1] = "sample";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliTest.runWithoutNotes(all);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static void sameRows(CsrMatrix source, int[] rows, CsrMatrix sample, String what) {
        assertEquals(rows.length, sample.rows(), what + ": rows");
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            assertEquals(source.rowNnz(r), sample.rowNnz(i), what + ": row " + i + " (source row " + r + ")");
            for (int j = 0; j < source.rowNnz(r); j++) {
                assertEquals(source.index(source.rowStart(r) + j), sample.index(sample.rowStart(i) + j), what);
                assertEquals(source.value(source.rowStart(r) + j), sample.value(sample.rowStart(i) + j), what);
            }
        }
    }

    @Test
    void theBundledMiniIsWhatTheCommandWritesRowForRowFromDebianTags(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("debian-tags-mini");
        CliTest.Result r = sample("debian-tags", "--train", "3000", "--test", "1000", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path bundled = DataHome.home().resolve("datasets/bundled/debian-tags-mini");
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(bundled.resolve(f.getFileName())), Files.readAllBytes(f),
                        "datasets/bundled/debian-tags-mini/" + f.getFileName() + " differs from what the command "
                                + "writes: regenerate it (see its README) and update datasets/catalog.json");
            }
        }
        JsonNode rec = new ObjectMapper().readTree(out.resolve(DatasetsSampleCommand.RECORD).toFile());
        assertEquals("debian-tags", rec.get("source").asText());
        int[] train = ints(rec.get("train_rows"));
        int[] test = ints(rec.get("test_rows"));
        XmcDataset source = DatasetResolver.standard().load("debian-tags", null, false);
        XmcDataset mini = DatasetReader.read(out);
        assertEquals(source.numLabels(), mini.numLabels(), "label space unchanged");
        assertEquals(source.labelTexts(), mini.labelTexts());
        sameRows(source.trainLabels(), train, mini.trainLabels(), "train labels");
        sameRows(source.testLabels(), test, mini.testLabels(), "test labels");
        sameRows(source.trainFeatures(), train, mini.trainFeatures(), "train features");
        sameRows(source.testFeatures(), test, mini.testFeatures(), "test features");
        for (int i = 0; i < test.length; i++) {
            assertEquals(source.testTexts().get(test[i]), mini.testTexts().get(i), "test text " + i);
        }
        assertEquals(0.55, mini.propensityA());
        assertEquals(1.5, mini.propensityB());
    }

    @Test
    void theSeedFixesTheDrawAndBadSizesAreRefused(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a");
        Path c = tmp.resolve("c");
        assertEquals(0, sample("debian-tags", "--train", "40", "--test", "40", "--out", a.toString()).code());
        assertEquals(0, sample("debian-tags", "--train", "40", "--test", "40", "--seed", "1", "--out",
                c.toString()).code());
        JsonNode ra = new ObjectMapper().readTree(a.resolve(DatasetsSampleCommand.RECORD).toFile());
        JsonNode rc = new ObjectMapper().readTree(c.resolve(DatasetsSampleCommand.RECORD).toFile());
        assertFalse(ra.get("train_rows").equals(rc.get("train_rows")), "another seed draws other rows");
        assertFalse(ra.get("train_rows").equals(ra.get("test_rows")), "the two splits are drawn apart");

        Path out = tmp.resolve("refused");
        CliTest.Result tooMany = sample("debian-tags", "--train", "10", "--test", "6061", "--out", out.toString());
        assertEquals(1, tooMany.code());
        assertTrue(tooMany.err().contains("cannot draw 6061 test rows") && tooMany.err().contains("1 to 6060"),
                tooMany.err());
        CliTest.Result zero = sample("debian-tags", "--train", "0", "--test", "5", "--out", out.toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--train and --test must be at least 1"), zero.err());
        assertFalse(Files.exists(out), "nothing written for refused input");
        assertEquals(Path.of("debian-tags-sample-3000-1000"), DatasetsSampleCommand.defaultFolder("debian-tags",
                3000, 1000, 0));
    }
}
