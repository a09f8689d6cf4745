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
