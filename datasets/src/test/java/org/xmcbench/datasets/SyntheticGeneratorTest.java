package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetStats;
import org.xmcbench.datasets.generate.SyntheticGenerator;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

class SyntheticGeneratorTest {
    @Test
    void sameSeedSameBytesOtherSeedOtherData(@TempDir Path tmp) throws IOException {
        SyntheticGenerator.Spec spec = SyntheticGenerator.Spec.small(42);
        DatasetWriter.write(SyntheticGenerator.generate(spec), tmp.resolve("a"), Layout.XC, DatasetWriter.Options.defaults());
        DatasetWriter.write(SyntheticGenerator.generate(spec), tmp.resolve("b"), Layout.XC, DatasetWriter.Options.defaults());
        for (String f : new String[] {"trn_X_Xf.txt", "trn_X_Y.txt", "tst_X_Y.txt", "Y.txt"}) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a/" + f)), Files.readAllBytes(tmp.resolve("b/" + f)), f);
        }
        XmcDataset other = SyntheticGenerator.generate(SyntheticGenerator.Spec.small(43));
        assertFalse(other.trainLabels().sameAs(DatasetReader.read(tmp.resolve("a")).trainLabels()));
    }

    @Test
    void shapeAndPowerLaw() {
        SyntheticGenerator.Spec spec = new SyntheticGenerator.Spec(20_000, 2_000, 5_000, 8_000, 5.0, 8, 1.1, 1);
        XmcDataset d = SyntheticGenerator.generate(spec);
        assertNull(d.trainFeatures().checkInvariants());
        assertNull(d.trainLabels().checkInvariants());
        DatasetStats s = DatasetStats.of(d);
        assertEquals(20_000, s.train());
        assertEquals(5.0, s.avgLabelsPerPoint(), 0.25);
        long[] freq = d.trainLabels().columnCounts();
        long[] sorted = freq.clone();
        Arrays.sort(sorted);
        long head = sorted[sorted.length - 1];
        long median = sorted[sorted.length / 2];
        assertTrue(head > 50 * Math.max(median, 1), "power law: the head label (" + head + ") dwarfs the median ("
                + median + ")");
        assertEquals(d.trainTexts().size(), 20_000);
        assertEquals(5_000, d.labelTexts().size());
    }
}
