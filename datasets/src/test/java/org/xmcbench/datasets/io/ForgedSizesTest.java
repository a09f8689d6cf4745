package org.xmcbench.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;

/**
 * A header that declares more than its file can hold is refused at once, naming the file and the header, before
 * anything is allocated for it; an error quotes at most a short excerpt of a bad line.
 */
class ForgedSizesTest {
    /** What a refusal may cost at most: the readers' 1 MiB line buffer and some change, not the declared size. */
    private static final long MAX_ALLOCATED = 16L << 20;

    @TempDir
    Path tmp;

    interface Read {
        void run() throws Exception;
    }

    /** Reads, expects a refusal naming the file and saying {@code problem}, fast and with little allocated. */
    private static DataFormatException refused(Path file, String problem, Read read) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long allocated0 = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        DataFormatException e = assertThrows(DataFormatException.class, read::run);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocated = mx.getThreadAllocatedBytes(tid) - allocated0;
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
        assertTrue(allocated < MAX_ALLOCATED, allocated + " bytes allocated to refuse " + file);
        assertTrue(ms < 2000, ms + " ms to refuse " + file);
        return e;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aTextHeaderDeclaringMoreRowsThanTheFileHoldsIsRefused() throws IOException {
        Path xc = write("trn_X_Y.txt", ascii("2000000000 2000000000"));
        assertEquals(21, Files.size(xc));
        DataFormatException e = refused(xc, "declares 2000000000 rows", () -> XcSparseText.read(xc));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("'2000000000 2000000000'"),
                e.getMessage());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(ascii("2000000000 5\n0:1\n"));
        }
        Path zipped = write("tst_X_Y.txt.gz", gz.toByteArray());
        refused(zipped, "declares 2000000000 rows", () -> XcSparseText.read(zipped));
        Path old = write("train.txt", ascii("2000000000 10 10\n"));
        refused(old, "declares 2000000000 rows", () -> XcOldFormat.read(old));
        // Just enough bytes for the rows is fine: three empty rows are three line ends.
        assertEquals(3, XcSparseText.read(write("empty-rows.txt", ascii("3 4\n\n\n\n"))).rows());
    }

    @Test
    void aDimensionBeyondTheLimitIsRefused() throws IOException {
        Path wide = write("wide.txt", ascii("1 2000000000\n0:1\n"));
        refused(wide, "declares 2000000000 columns, more than the " + DeclaredSizes.MAX_DIMENSION,
                () -> XcSparseText.read(wide));
        Path old = write("test.txt", ascii("1 10 2000000000\n0 0:1\n"));
        refused(old, "2000000000 columns", () -> XcOldFormat.read(old));
        CsrMatrix ok = XcSparseText.read(write("ok.txt", ascii("1 " + DeclaredSizes.MAX_DIMENSION + "\n0:1\n")));
        assertEquals(DeclaredSizes.MAX_DIMENSION, ok.cols());
    }

    @Test
    void anNpyHeaderDeclaringMoreElementsThanTheFileHoldsIsRefused() throws IOException {
        Path npy = write("X.trn.npy", concat(NpyHeader.encode("<f4", new long[] {2_000_000_000L, 1}), new byte[8]));
        refused(npy, "8000000000 bytes of data, but only 8 bytes follow the header", () -> Npz.readDense(npy));
        Path negative = write("neg.npy", concat(NpyHeader.encode("<f4", new long[] {-1, 4}), new byte[8]));
        refused(negative, "malformed shape", () -> Npz.readDense(negative));
        Path overflow = write("overflow.npy", NpyHeader.encode("<f4",
                new long[] {Long.MAX_VALUE / 2, Long.MAX_VALUE / 2}));
        refused(overflow, "malformed shape", () -> Npz.readDense(overflow));
        Path huge = write("huge-item.npy", NpyHeader.encode("<U99999999999", new long[0]));
        refused(huge, "too large", () -> Npz.readDense(huge));
    }

    @Test
    void anNpzEntryDeclaringMoreThanItsUncompressedSizeIsRefused() throws IOException {
        for (boolean deflated : new boolean[] {true, false}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                entry(zip, "format.npy", deflated, concat(NpyHeader.encode("|S3", new long[0]), ascii("csr")));
                entry(zip, "shape.npy", deflated, concat(NpyHeader.encode("<i8", new long[] {2}), longs(1, 4)));
                entry(zip, "indptr.npy", deflated, concat(NpyHeader.encode("<i8", new long[] {2}), longs(0, 1)));
                // Two billion int32 indices declared, none there: 8 GB of a forged npz.
                entry(zip, "indices.npy", deflated, NpyHeader.encode("<i4", new long[] {2_000_000_000L}));
                entry(zip, "data.npy", deflated, concat(NpyHeader.encode("<f4", new long[] {1}), new byte[4]));
            }
            Path npz = write(deflated ? "Y.trn.npz" : "Y.tst.npz", bytes.toByteArray());
            DataFormatException e = refused(npz, "8000000000 bytes of data, but only 0 bytes follow the header",
                    () -> Npz.read(npz));
            assertEquals("entry indices.npy", e.location());
        }
    }

    @Test
    void aMebibyteOfGarbageIsQuotedByAShortExcerpt() throws IOException {
        byte[] garbage = new byte[1 << 20];
        java.util.Arrays.fill(garbage, (byte) 'x');
        garbage[10] = 0x1b; // a terminal escape is not sent to the terminal either
        Path header = write("header.txt", garbage);
        Path row = write("row.txt", concat(ascii("1 4\n"), garbage));
        Path pairs = write("filter.txt", concat(ascii("0 1\n"), garbage));
        Path json = write("trn.json", garbage);
        Path target = write("tst.json", concat(concat(ascii("{\"uid\": \"1\", \"title\": \"t\", \"content\": \"\", "
                + "\"target_ind\": [\""), ascii("x".repeat(1 << 20))), ascii("\"], \"target_rel\": [1]}\n")));
        for (DataFormatException e : new DataFormatException[] {
            refused(header, "header must be", () -> XcSparseText.read(header)),
            refused(row, "is not index:value", () -> XcSparseText.read(row)),
            refused(pairs, "expected 'row label'", () -> FilterPairs.read(pairs, 1, 4)),
            refused(json, "malformed JSON", () -> LfJson.readPoints(json, 4)),
            refused(target, "is not a non-negative integer", () -> LfJson.readPoints(target, 4))}) {
            assertTrue(e.getMessage().length() < 400, e.getMessage().length() + " characters: " + e.getMessage());
            assertTrue(!e.getMessage().contains("\u001b") && !e.getMessage().contains("x".repeat(100)),
                    e.getMessage());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] longs(long... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static void entry(ZipOutputStream zip, String name, boolean deflated, byte[] body) throws IOException {
        Npz.putEntry(zip, name, deflated, o -> o.write(body));
    }
}
