package org.xmcbench.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;

/**
 * The Extreme Classification Repository's sparse text format (trn_X_Xf.txt, trn_X_Y.txt, predictions): a header
 * {@code N D}, then exactly N lines of space-separated zero-based {@code index:value} tokens, indices strictly
 * ascending, an empty line for an empty row. Reading checks everything pyxclib's safe reader checks, and more.
 */
public final class XcSparseText {
    private XcSparseText() {}

    /** Files at least this large (and not gzipped) are parsed by all cores; see {@link ParallelSparseText}. */
    static final long PARALLEL_THRESHOLD = 8L << 20;

    public static CsrMatrix read(Path file) throws IOException {
        return read(file, RowOrder.ASCENDING);
    }

    /** As {@link #read(Path)}; with {@link RowOrder#ANY} a row may list its columns in any order. */
    public static CsrMatrix read(Path file, RowOrder order) throws IOException {
        CsrMatrix m = readAsWritten(file, order);
        return order == RowOrder.ANY ? RowOrder.sortRows(m, file, 2) : m;
    }

    private static CsrMatrix readAsWritten(Path file, RowOrder order) throws IOException {
        if (java.nio.file.Files.size(file) >= PARALLEL_THRESHOLD && !isGzip(file)
                && Runtime.getRuntime().availableProcessors() > 1) {
            return ParallelSparseText.read(file, order);
        }
        try (LineSource in = new LineSource(file)) {
            if (!in.next()) {
                throw new DataFormatException(file, "line 1", "empty file: expected a header 'N D'");
            }
            long[] header = parseHeader(in, 2, "'rows cols'");
            int rows = (int) header[0];
            int cols = (int) header[1];
            CsrBuilder b = new CsrBuilder(cols, rows, expectedNnz(file, rows));
            EntrySink sink = b::add;
            for (int r = 0; r < rows; r++) {
                if (!in.next()) {
                    throw in.error("file ends after " + r + " rows; the header declares " + rows);
                }
                parseRow(in, in.start, in.end, cols, sink, "column", order);
                b.endRow();
            }
            while (in.next()) {
                if (in.end > in.start) {
                    throw in.error("more rows than the " + rows + " the header declares");
                }
            }
            return b.build();
        }
    }

    /**
     * A first guess of the number of entries from the file size (about 9 bytes per {@code idx:val} token of text,
     * 3x that for gzip), so big files are not re-copied many times while growing.
     */
    static long expectedNnz(Path file, long rows) {
        try {
            long size = java.nio.file.Files.size(file);
            boolean gz = file.getFileName().toString().endsWith(".gz");
            return Math.max(rows, (gz ? size * 3 : size) / 9);
        } catch (IOException e) {
            return rows * 8;
        }
    }

    /**
     * Parses a header of {@code count} non-negative integers separated by spaces: a row count, then dimensions. The
     * rows must fit in what is left of the file (a row takes at least one byte, its line's end) and each dimension
     * be at most {@link DeclaredSizes#MAX_DIMENSION}, so nothing is allocated for a forged header.
     */
    static long[] parseHeader(LineSource in, int count, String expected) {
        long[] out = new long[count];
        int i = in.start;
        for (int f = 0; f < count; f++) {
            int s = i;
            while (i < in.end && in.buf[i] != ' ' && in.buf[i] != '\t') {
                i++;
            }
            int v = NumberParser.parseNonNegativeInt(in.buf, s, i);
            if (v == NumberParser.NOT_AN_INT) {
                throw in.error("header must be " + expected + " (non-negative integers), got '" + in.excerpt() + "'");
            }
            out[f] = v;
            while (i < in.end && (in.buf[i] == ' ' || in.buf[i] == '\t')) {
                i++;
            }
        }
        if (i != in.end) {
            throw in.error("header must be " + expected + ", got '" + in.excerpt() + "'");
        }
        if (out[0] > in.maxBytesLeft()) {
            throw in.error("header '" + in.excerpt() + "' declares " + out[0] + " rows, but what follows it holds at "
                    + "most " + in.maxBytesLeft() + " bytes (a row takes at least one)");
        }
        for (int f = 1; f < count; f++) {
            String problem = DeclaredSizes.dimensionProblem(out[f], "columns");
            if (problem != null) {
                throw in.error("header '" + in.excerpt() + "' " + problem);
            }
        }
        return out;
    }

    /**
     * Parses {@code idx:val} tokens in {@code buf[s, e)} into the builder's current row, checking range, order,
     * uniqueness and finiteness. {@code what} names the index ("column", "feature", "label") in errors.
     */
    /** Where parsed entries go: a growing {@link CsrBuilder} or a pre-sized slot of the parallel reader. */
    interface EntrySink {
        void add(int col, float value);
    }

    static void parseRow(LineSource in, int s, int e, int cols, EntrySink b, String what) {
        parseRow(in, s, e, cols, b, what, RowOrder.ASCENDING);
    }

    /** As above; with {@link RowOrder#ANY} the columns' order is not checked (the caller sorts and checks). */
    static void parseRow(LineSource in, int s, int e, int cols, EntrySink b, String what, RowOrder order) {
        boolean ascending = order == RowOrder.ASCENDING;
        byte[] buf = in.buf;
        int i = s;
        int prev = -1;
        int token = 0;
        while (i < e) {
            byte c = buf[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            token++;
            int ts = i;
            while (i < e && buf[i] != ':' && buf[i] != ' ' && buf[i] != '\t') {
                i++;
            }
            if (i >= e || buf[i] != ':') {
                throw in.error("token " + token + " '" + LineSource.excerpt(buf, ts, i) + "' is not index:value");
            }
            int idx = NumberParser.parseNonNegativeInt(buf, ts, i);
            if (idx == NumberParser.NOT_AN_INT) {
                throw in.error("token " + token + ": " + what + " index '" + LineSource.excerpt(buf, ts, i)
                        + "' is not a non-negative integer");
            }
            int vs = ++i;
            while (i < e && buf[i] != ' ' && buf[i] != '\t') {
                i++;
            }
            float v = NumberParser.parseFloat(buf, vs, i);
            if (Float.isNaN(v)) {
                throw in.error("token " + token + " '" + LineSource.excerpt(buf, ts, i) + "': value '"
                        + LineSource.excerpt(buf, vs, i)
                        + "' is not a finite decimal number");
            }
            if (idx >= cols) {
                throw in.error("token " + token + ": " + what + " index " + idx + " is >= the declared dimension "
                        + cols);
            }
            if (ascending && idx <= prev) {
                throw in.error("token " + token + ": " + what + " index " + idx
                        + (idx == prev ? " is duplicated" : " is not in ascending order (after " + prev + ")"));
            }
            prev = idx;
            b.add(idx, v);
        }
    }

    static boolean isGzip(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    public static void write(CsrMatrix m, OutputStream out) throws IOException {
        AsciiWriter w = new AsciiWriter(out);
        w.append(Integer.toString(m.rows())).append(' ').append(Integer.toString(m.cols())).newline();
        for (int r = 0; r < m.rows(); r++) {
            writeRow(m, r, w);
            w.newline();
        }
        w.flush();
    }

    static void writeRow(CsrMatrix m, int r, AsciiWriter w) throws IOException {
        boolean first = true;
        for (long p = m.rowStart(r); p < m.rowEnd(r); p++) {
            if (!first) {
                w.append(' ');
            }
            first = false;
            w.appendInt(m.index(p)).append(':').append(FloatFormat.format(m.value(p)));
        }
    }

    public static void write(CsrMatrix m, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(m, out));
    }
}
