package org.xmcbench.datasets.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.BigIntArray;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;

/**
 * Reads a large, uncompressed XC sparse text file on all cores, with the same checks and errors as the sequential
 * reader. The file is cut into parts at line boundaries; a first pass counts each part's lines and ':' tokens, so
 * the arrays are allocated once at their exact size (no growth copies: heap stays ~1x the matrix) and every part
 * knows its first row, first entry and first line number; a second pass parses the parts in parallel straight
 * into their slots.
 */
final class ParallelSparseText {
    private ParallelSparseText() {}

    private record Part(long start, long end, long firstLine, long lines, long colons, long colonCount) {}

    static CsrMatrix read(Path file) throws IOException {
        return read(file, RowOrder.ASCENDING);
    }

    static CsrMatrix read(Path file, RowOrder order) throws IOException {
        long dataStart;
        int rows;
        int cols;
        try (LineSource in = new LineSource(file)) {
            if (!in.next()) {
                throw new DataFormatException(file, "line 1", "empty file: expected a header 'N D'");
            }
            long[] h = XcSparseText.parseHeader(in, 2, "'rows cols'");
            rows = (int) h[0];
            cols = (int) h[1];
            dataStart = in.bytesConsumed();
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "xmc-read");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            long[] cuts = cuts(ch, dataStart, size, threads * 4);
            List<Future<long[]>> counts = new ArrayList<>();
            for (int i = 0; i + 1 < cuts.length; i++) {
                long s = cuts[i];
                long e = cuts[i + 1];
                counts.add(pool.submit(() -> count(file, s, e)));
            }
            List<Part> parts = new ArrayList<>();
            long line = 2;
            long colons = 0;
            for (int i = 0; i < counts.size(); i++) {
                long[] c = get(counts.get(i));
                parts.add(new Part(cuts[i], cuts[i + 1], line, c[0], colons, c[1]));
                line += c[0];
                colons += c[1];
            }
            long[] indptr = new long[rows + 1];
            BigIntArray indices = new BigIntArray(colons);
            BigFloatArray values = new BigFloatArray(colons);
            indices.setSize(colons);
            values.setSize(colons);
            long[] written = new long[parts.size()];
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                int idx = i;
                work.add(pool.submit(() -> {
                    written[idx] = parsePart(file, p, rows, cols, indptr, indices, values, order);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                get(f); // rethrows the first part's error in file order
            }
            long totalLines = line - 2;
            if (totalLines < rows) {
                throw DataFormatException.atLine(file, line, "file ends after " + totalLines
                        + " rows; the header declares " + rows);
            }
            // Entry slots were assigned from ':' counts; well-formed rows fill them exactly and contiguously.
            long expected = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (written[i] != parts.get(i).colonCount()) {
                    throw new IllegalStateException("part " + i + " wrote " + written[i] + " entries, counted "
                            + parts.get(i).colonCount());
                }
                expected += written[i];
            }
            indptr[rows] = expected;
            return new CsrMatrix(rows, cols, indptr, indices, values);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c);
        }
    }

    /** Cut points: {@code n} near-equal parts, each moved forward to just after a newline. */
    private static long[] cuts(FileChannel ch, long start, long size, int n) throws IOException {
        long[] cuts = new long[n + 1];
        cuts[0] = start;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (int i = 1; i < n; i++) {
            long pos = Math.max(cuts[i - 1], start + (size - start) * i / n);
            cuts[i] = size;
            search:
            while (pos < size) {
                buf.clear();
                int r = ch.read(buf, pos);
                if (r <= 0) {
                    break;
                }
                for (int j = 0; j < r; j++) {
                    if (buf.get(j) == '\n') {
                        cuts[i] = pos + j + 1;
                        break search;
                    }
                }
                pos += r;
            }
        }
        cuts[n] = size;
        return cuts;
    }

    /** {lines, ':' count} of a part; a final line without a newline counts. */
    private static long[] count(Path file, long s, long e) throws IOException {
        long lines = 0;
        long colons = 0;
        byte last = '\n';
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            byte[] a = buf.array();
            long pos = s;
            while (pos < e) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), e - pos));
                int r = ch.read(buf, pos);
                if (r <= 0) {
                    break;
                }
                for (int j = 0; j < r; j++) {
                    byte b = a[j];
                    if (b == '\n') {
                        lines++;
                    } else if (b == ':') {
                        colons++;
                    }
                }
                last = a[r - 1];
                pos += r;
            }
        }
        if (e > s && last != '\n') {
            lines++;
        }
        return new long[] {lines, colons};
    }

    /** Parses one part into its slots; returns the number of entries written. */
    private static long parsePart(Path file, Part p, int rows, int cols, long[] indptr, BigIntArray indices,
            BigFloatArray values, RowOrder order) throws IOException {
        long[] pos = {p.colons()};
        XcSparseText.EntrySink sink = (c, v) -> {
            indices.set(pos[0], c);
            values.set(pos[0], v);
            pos[0]++;
        };
        long row = p.firstLine() - 2;
        try (LineSource in = new LineSource(file, p.start(), p.end(), p.firstLine())) {
            while (in.next()) {
                if (row >= rows) {
                    if (in.end > in.start) {
                        throw in.error("more rows than the " + rows + " the header declares");
                    }
                    row++;
                    continue;
                }
                indptr[(int) row] = pos[0];
                XcSparseText.parseRow(in, in.start, in.end, cols, sink, "column", order);
                row++;
            }
        }
        return pos[0] - p.colons();
    }
}
