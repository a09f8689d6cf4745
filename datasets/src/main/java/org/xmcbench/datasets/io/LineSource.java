package org.xmcbench.datasets.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.xmcbench.core.io.DataFormatException;

/**
 * Reads a (possibly gzipped) text file line by line as bytes, without decoding to Strings: the current line is
 * {@code buf[start, end)} (no line terminator, a trailing CR removed). This is what lets the sparse readers parse
 * hundreds of MB/s. A truncated or corrupt gzip stream becomes a {@link DataFormatException} naming the line.
 */
public final class LineSource implements Closeable {
    private final Path file;
    private final InputStream in;
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNo;
    private long bytesConsumed;
    /** The most bytes the lines can have in all: the size of a plain file, a bound for a gzipped one. */
    private final long maxBytes;

    /** The current line is {@code buf[start, end)}; valid until the next call to {@link #next()}. */
    public byte[] buf = new byte[1 << 20];
    public int start;
    public int end;

    /**
     * Reads the byte range {@code [start, end)} of an uncompressed file; its first line is numbered
     * {@code firstLine} (used by the parallel sparse reader, whose parts start mid-file).
     */
    public LineSource(Path file, long start, long end, long firstLine) throws IOException {
        this.file = file;
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
        ch.position(start);
        this.in = new RangeStream(java.nio.channels.Channels.newInputStream(ch), end - start);
        this.lineNo = firstLine - 1;
        this.maxBytes = end - start;
    }

    /** An input stream that ends after {@code remaining} bytes. */
    private static final class RangeStream extends java.io.FilterInputStream {
        private long remaining;

        RangeStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    public LineSource(Path file) throws IOException {
        this.file = file;
        try {
            this.in = CompressedFiles.open(file);
            long size = java.nio.file.Files.size(file);
            this.maxBytes = in instanceof java.util.zip.GZIPInputStream ? DeclaredSizes.inflatedAtMost(size) : size;
        } catch (EOFException | ZipException e) {
            throw new DataFormatException(file, "line 1", "truncated or corrupt gzip header (" + e.getMessage() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    /** One-based number of the current line. */
    public long lineNo() {
        return lineNo;
    }

    /** Uncompressed bytes consumed so far (for throughput figures). */
    public long bytesConsumed() {
        return bytesConsumed;
    }

    /** At most how many bytes are left after the current line (exact for a plain file, a bound for gzip). */
    public long maxBytesLeft() {
        return maxBytes - bytesConsumed;
    }

    /** Advances to the next line; false at end of file. A final line without a newline still counts. */
    public boolean next() {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    emit(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    emit(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void emit(int s, int e) {
        bytesConsumed += e - s + 1;
        lineNo++;
        start = s;
        end = (e > s && buf[e - 1] == '\r') ? e - 1 : e;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (EOFException | ZipException e) {
            throw new DataFormatException(file, "line " + (lineNo + 1),
                    "truncated or corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataFormatException(file, "line " + (lineNo + 1), "read failed: " + e.getMessage(), e);
        }
    }

    /** A short excerpt of the current line for an error message: see {@link #excerpt(byte[], int, int)}. */
    public String excerpt() {
        return excerpt(buf, start, end);
    }

    /**
     * At most the first {@value #EXCERPT_CHARS} characters of {@code b[s, e)} as UTF-8, control characters shown as
     * '?', and how much more there is: an error message never echoes a whole garbage line (or a terminal escape).
     */
    public static String excerpt(byte[] b, int s, int e) {
        int cut = Math.min(e, s + EXCERPT_CHARS * 4);
        String head = new String(b, s, cut - s, StandardCharsets.UTF_8);
        if (head.codePointCount(0, head.length()) > EXCERPT_CHARS) {
            head = head.substring(0, head.offsetByCodePoints(0, EXCERPT_CHARS));
        }
        int shown = head.getBytes(StandardCharsets.UTF_8).length;
        head = printable(head);
        return shown >= e - s ? head : head + "\u2026(" + (e - s - shown) + " more bytes)";
    }

    /** {@link #excerpt(byte[], int, int)} of a string (a JSON token, a header). */
    public static String excerpt(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return excerpt(b, 0, b.length);
    }

    /** Control characters (a terminal escape, a newline) shown as '?'. */
    public static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** How many characters of a bad line an error quotes. */
    static final int EXCERPT_CHARS = 80;

    /** The current line decoded as UTF-8. */
    public String lineAsString() {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    public DataFormatException error(String problem) {
        return DataFormatException.atLine(file, lineNo, problem);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
