package org.xmcbench.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;

/** The parallel reader gives exactly what the sequential one gives, errors (with line numbers) included. */
class ParallelSparseTextTest {
    @TempDir
    Path tmp;

    private Path write(String name, int rows, int cols, long seed, String badLine, int badAt, boolean trailingNewline)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder(rows + " " + cols + "\n");
        for (int i = 0; i < rows; i++) {
            if (i == badAt) {
                b.append(badLine);
            } else {
                int[] cs = r.ints(r.nextInt(12), 0, cols).distinct().sorted().toArray();
                for (int j = 0; j < cs.length; j++) {
                    b.append(j == 0 ? "" : " ").append(cs[j]).append(':').append(FloatFormat.format((float) r.nextDouble()));
                }
            }
            if (i < rows - 1 || trailingNewline) {
                b.append('\n');
            }
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, b);
        return p;
    }

    private static CsrMatrix sequential(Path p) throws IOException {
        try (LineSource in = new LineSource(p)) {
            in.next();
            long[] h = XcSparseText.parseHeader(in, 2, "'rows cols'");
            org.xmcbench.core.data.CsrBuilder b = new org.xmcbench.core.data.CsrBuilder((int) h[1], (int) h[0], 16);
            XcSparseText.EntrySink sink = b::add;
            for (int r = 0; r < h[0]; r++) {
                in.next();
                XcSparseText.parseRow(in, in.start, in.end, (int) h[1], sink, "column");
                b.endRow();
            }
            return b.build();
        }
    }

    @Test
    void sameMatrixAsSequential() throws IOException {
        for (boolean nl : new boolean[] {true, false}) {
            Path p = write("m" + nl + ".txt", 20_000, 5_000, 1, null, -1, nl);
            CsrMatrix par = ParallelSparseText.read(p);
            assertTrue(par.sameAs(sequential(p)));
            assertEquals(null, par.checkInvariants());
        }
    }

    @Test
    void errorsNameTheRightLine() throws IOException {
        Path p = write("bad.txt", 20_000, 5_000, 2, "7:1 3:1", 15_321, true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> ParallelSparseText.read(p));
        assertTrue(e.getMessage().contains("line 15323") && e.getMessage().contains("ascending"), e.getMessage());
        Path shortFile = tmp.resolve("short.txt");
        Files.writeString(shortFile, "5 3\n0:1\n1:1\n");
        DataFormatException s = assertThrows(DataFormatException.class, () -> ParallelSparseText.read(shortFile));
        assertTrue(s.getMessage().contains("file ends after 2 rows"), s.getMessage());
        Path longFile = tmp.resolve("long.txt");
        Files.writeString(longFile, "1 3\n0:1\n1:1\n\n");
        DataFormatException l = assertThrows(DataFormatException.class, () -> ParallelSparseText.read(longFile));
        assertTrue(l.getMessage().contains("line 3") && l.getMessage().contains("more rows"), l.getMessage());
        Path trailingBlank = tmp.resolve("blank.txt");
        Files.writeString(trailingBlank, "1 3\n0:1\n\n\n");
        assertEquals(1, ParallelSparseText.read(trailingBlank).nnz());
    }
}
