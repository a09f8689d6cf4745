package org.xmcbench.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * LF datasets' filter files ({@code filter_labels_test.txt}): one {@code row label} pair per line. Read into a
 * binary CSR (rows x labels) so the metric engine can drop the pairs from predictions with a merge walk. Pairs may
 * come in any order; duplicates collapse.
 */
public final class FilterPairs {
    private FilterPairs() {}

    public static CsrMatrix read(Path file, int rows, int labels) throws IOException {
        long[] pairs = new long[1024];
        int n = 0;
        try (LineSource in = new LineSource(file)) {
            while (in.next()) {
                if (in.end == in.start) {
                    continue;
                }
                int sp = in.start;
                while (sp < in.end && in.buf[sp] != ' ' && in.buf[sp] != '\t') {
                    sp++;
                }
                int r = NumberParser.parseNonNegativeInt(in.buf, in.start, sp);
                int ls = sp;
                while (ls < in.end && (in.buf[ls] == ' ' || in.buf[ls] == '\t')) {
                    ls++;
                }
                int l = NumberParser.parseNonNegativeInt(in.buf, ls, in.end);
                if (r == NumberParser.NOT_AN_INT || l == NumberParser.NOT_AN_INT || sp == in.end) {
                    throw in.error("expected 'row label' (two non-negative integers), got '" + in.excerpt() + "'");
                }
                if (r >= rows) {
                    throw in.error("row " + r + " is >= the " + rows + " rows of the split it filters");
                }
                if (l >= labels) {
                    throw in.error("label " + l + " is >= the number of labels " + labels);
                }
                if (n == pairs.length) {
                    pairs = Arrays.copyOf(pairs, n * 2);
                }
                pairs[n++] = ((long) r << 32) | l;
            }
        }
        Arrays.sort(pairs, 0, n);
        CsrBuilder b = new CsrBuilder(labels, rows, n);
        int row = 0;
        long prev = -1;
        for (int i = 0; i < n; i++) {
            if (pairs[i] == prev) {
                continue;
            }
            prev = pairs[i];
            int r = (int) (pairs[i] >>> 32);
            while (row < r) {
                b.endRow();
                row++;
            }
            b.add((int) pairs[i], 1f);
        }
        while (row < rows) {
            b.endRow();
            row++;
        }
        return b.build();
    }

    public static void write(CsrMatrix filter, Path file) throws IOException {
        AtomicFiles.write(file, (OutputStream out) -> {
            AsciiWriter w = new AsciiWriter(out);
            for (int r = 0; r < filter.rows(); r++) {
                for (long p = filter.rowStart(r); p < filter.rowEnd(r); p++) {
                    w.appendInt(r).append(' ').appendInt(filter.index(p)).newline();
                }
            }
            w.flush();
        });
    }
}
