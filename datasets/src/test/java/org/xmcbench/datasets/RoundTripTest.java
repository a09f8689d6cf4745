package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

/**
 * Every layout round-trips through every other: matrix values survive exactly (float32 bits), and a file written
 * by xmcbench, converted to another layout and back, is byte-identical. Uses the bundled real LF dataset.
 */
class RoundTripTest {
    static XmcDataset source;

    @BeforeAll
    static void load() throws IOException {
        source = DatasetReader.read(TestData.bundled("LF-debian-deps"));
    }

    @Test
    void bundledLfDatasetIsComplete() {
        assertNotNull(source.trainFeatures());
        assertNotNull(source.trainTexts());
        assertNotNull(source.labelTexts());
        assertNotNull(source.labelFeatures());
        assertNotNull(source.testFilter());
        assertEquals(5646, source.testFilter().nnz());
        assertEquals(36905, source.numLabels());
        assertEquals(38054, source.trainLabels().rows());
        assertTrue(source.fileSha256().containsKey("trn_X_Y.txt.gz"));
    }

    @Test
    void everyLayoutThroughEveryOther(@TempDir Path tmp) throws IOException {
        for (Layout first : Layout.values()) {
            Path a = tmp.resolve(first.id() + "-a");
            DatasetWriter.write(source, a, first, DatasetWriter.Options.defaults());
            XmcDataset da = DatasetReader.read(a, first);
            assertSameMatrices(source, da, "write " + first);
            for (Layout via : Layout.values()) {
                if (via == first) {
                    continue;
                }
                Path b = tmp.resolve(first.id() + "-via-" + via.id());
                DatasetWriter.write(da, b, via, DatasetWriter.Options.defaults());
                XmcDataset db = DatasetReader.read(b, via);
                assertSameMatrices(source, db, first + " -> " + via);
                Path c = tmp.resolve(first.id() + "-via-" + via.id() + "-back");
                DatasetWriter.write(db, c, first, DatasetWriter.Options.defaults());
                for (Path f : files(a)) {
                    String name = f.getFileName().toString();
                    if (!carriedBy(via, name)) {
                        continue;
                    }
                    Path back = c.resolve(name);
                    assertTrue(Files.exists(back), first + " -> " + via + " -> " + first + ": " + name + " missing");
                    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(back),
                            first + " -> " + via + " -> " + first + ": " + name + " differs");
                }
            }
        }
    }

    /** Point texts live only in lf-json (title + content) and pecos (one line); everything else in all four. */
    private static boolean carriedBy(Layout via, String name) {
        boolean pointText = name.startsWith("trn.json") || name.startsWith("tst.json") || name.startsWith("X.trn.txt")
                || name.startsWith("X.tst.txt");
        if (pointText) {
            return via == Layout.LF_JSON;
        }
        if (name.startsWith("lbl.json")) {
            return via == Layout.LF_JSON;
        }
        return true;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    static void assertSameMatrices(XmcDataset want, XmcDataset got, String what) {
        same(want.trainLabels(), got.trainLabels(), what + ": train labels");
        same(want.testLabels(), got.testLabels(), what + ": test labels");
        same(want.trainFeatures(), got.trainFeatures(), what + ": train features");
        same(want.testFeatures(), got.testFeatures(), what + ": test features");
        same(want.labelFeatures(), got.labelFeatures(), what + ": label features");
        same(want.testFilter(), got.testFilter(), what + ": test filter");
        same(want.trainFilter(), got.trainFilter(), what + ": train filter");
        assertEquals(want.vocabulary(), got.vocabulary(), what + ": vocabulary");
        assertEquals(want.labelTexts().size(), got.labelTexts().size(), what + ": label texts");
        for (int l = 0; l < want.labelTexts().size(); l += 997) {
            assertEquals(want.labelTexts().get(l).title(), got.labelTexts().get(l).title(), what + ": label " + l);
        }
    }

    private static void same(CsrMatrix a, CsrMatrix b, String what) {
        assertNotNull(b, what + " lost");
        assertTrue(a.sameAs(b), what + " changed: " + a + " vs " + b);
    }
}
