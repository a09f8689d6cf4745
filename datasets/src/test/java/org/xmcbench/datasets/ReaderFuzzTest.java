package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.FilterPairs;
import org.xmcbench.datasets.io.LfJson;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.XcOldFormat;
import org.xmcbench.datasets.io.XcSparseText;

/**
 * Mutation fuzzing of every reader (seeded, so a failure reproduces): byte flips, insertions, deletions,
 * truncation and token splicing of valid files. A reader may accept the mutant or reject it with a
 * {@link DataFormatException}; any other exception (index out of bounds, NumberFormatException, ...) is a bug.
 * Bounded by a count per reader so it runs in a few seconds in CI; raise XMC_FUZZ_ITERATIONS to fuzz longer.
 */
class ReaderFuzzTest {
    private static final int ITERATIONS = Integer.parseInt(System.getenv().getOrDefault("XMC_FUZZ_ITERATIONS", "1500"));
    private static final byte[] INTERESTING = " :\n,.-+eE0123456789{}[]\"\t\r".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    interface Reader {
        void read(Path p) throws IOException;
    }

    @Test
    void sparseText() throws IOException {
        fuzz("sparse.txt", "4 10\n0:0.5 3:1 9:2.25\n\n1:1e-3 2:-4\n5:0.095069\n".getBytes(StandardCharsets.US_ASCII),
                XcSparseText::read, 1);
    }

    @Test
    void gzippedSparseText() throws IOException {
        fuzz("sparse.txt.gz", gzip("3 6\n0:0.5 3:1\n\n1:1 5:2\n"), XcSparseText::read, 2);
    }

    @Test
    void oldFormat() throws IOException {
        fuzz("train.txt", "3 10 5\n0,2 1:0.5 3:1\n 0:1\n4 \n".getBytes(StandardCharsets.US_ASCII), XcOldFormat::read, 3);
    }

    @Test
    void json() throws IOException {
        String line = "{\"uid\": \"a\", \"title\": \"t\", \"content\": \"c\", \"target_ind\": [0, 2], "
                + "\"target_rel\": [1.0, 1.0]}\n";
        fuzz("trn.json", (line + line).getBytes(StandardCharsets.UTF_8), p -> LfJson.readPoints(p, 3), 4);
    }

    @Test
    void filters() throws IOException {
        fuzz("filter.txt", "0 1\n2 3\n1 0\n".getBytes(StandardCharsets.US_ASCII), p -> FilterPairs.read(p, 3, 4), 5);
    }

    @Test
    void npz() throws IOException {
        CsrMatrix m = CsrMatrix.of(3, 5, new long[] {0, 2, 2, 4}, new int[] {0, 3, 1, 4}, new float[] {1, 2, 3, 4});
        for (boolean compressed : new boolean[] {true, false}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npz.write(m, out, compressed);
            fuzz("m.npz", out.toByteArray(), Npz::read, compressed ? 6 : 7);
        }
    }

    private void fuzz(String name, byte[] valid, Reader reader, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Path p = tmp.resolve(name);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] mutant = mutate(valid, rng);
            Files.write(p, mutant);
            try {
                reader.read(p);
            } catch (DataFormatException expected) {
                // a clear rejection is the right answer
            } catch (Throwable t) {
                Path keep = tmp.getParent().resolve("fuzz-crash-" + name);
                Files.write(keep, mutant);
                fail("reader of " + name + " threw " + t + " on mutant " + i + " (seed " + seed + ", saved to " + keep
                        + ")", t);
            }
        }
    }

    private static byte[] mutate(byte[] in, SplittableRandom rng) {
        byte[] b = in.clone();
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int pos = rng.nextInt(b.length);
            switch (rng.nextInt(6)) {
                case 0 -> b[pos] = (byte) rng.nextInt(256);
                case 1 -> b[pos] = INTERESTING[rng.nextInt(INTERESTING.length)];
                case 2 -> b = java.util.Arrays.copyOf(b, pos);
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, pos);
                    System.arraycopy(b, pos + 1, c, pos, b.length - pos - 1);
                    b = c;
                }
                case 4 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, pos);
                    c[pos] = INTERESTING[rng.nextInt(INTERESTING.length)];
                    System.arraycopy(b, pos, c, pos + 1, b.length - pos);
                    b = c;
                }
                default -> {
                    int from = rng.nextInt(b.length);
                    int len = Math.min(1 + rng.nextInt(8), b.length - from);
                    System.arraycopy(b, from, b, pos, Math.min(len, b.length - pos));
                }
            }
        }
        return b;
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
