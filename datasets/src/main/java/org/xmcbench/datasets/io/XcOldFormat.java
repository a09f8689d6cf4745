package org.xmcbench.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;

/**
 * The Extreme Classification Repository's old single-file format (train.txt / test.txt): a header {@code N D L},
 * then N lines {@code l1,l2,... f:v f:v ...}: comma-separated ascending label ids, one space, the features. A line
 * starting with a space has no labels.
 */
public final class XcOldFormat {
    private XcOldFormat() {}

    /** Features and labels of one split, read from one file. */
    public record Split(CsrMatrix features, CsrMatrix labels) {}

    public static Split read(Path file) throws IOException {
        try (LineSource in = new LineSource(file)) {
            if (!in.next()) {
                throw new DataFormatException(file, "line 1", "empty file: expected a header 'N D L'");
            }
            long[] h = XcSparseText.parseHeader(in, 3, "'points features labels'");
            int rows = (int) h[0];
            int dims = (int) h[1];
            int labels = (int) h[2];
            CsrBuilder x = new CsrBuilder(dims, rows, Math.min((long) rows * 16, 1L << 26));
            CsrBuilder y = new CsrBuilder(labels, rows, Math.min((long) rows * 4, 1L << 24));
            for (int r = 0; r < rows; r++) {
                if (!in.next()) {
                    throw in.error("file ends after " + r + " points; the header declares " + rows);
                }
                int i = in.start;
                int e = in.end;
                int labelEnd = i;
                while (labelEnd < e && in.buf[labelEnd] != ' ' && in.buf[labelEnd] != '\t') {
                    labelEnd++;
                }
                if (labelEnd < e && hasColon(in.buf, i, labelEnd)) {
                    throw in.error("the label list '" + LineSource.excerpt(in.buf, i, labelEnd)
                            + "' contains ':'; a point without labels must start with a space");
                }
                if (labelEnd == e && labelEnd > i && hasColon(in.buf, i, labelEnd)) {
                    throw in.error("expected 'labels features'; a point without labels must start with a space");
                }
                parseLabels(in, i, labelEnd, labels, y);
                y.endRow();
                XcSparseText.parseRow(in, labelEnd, e, dims, x::add, "feature");
                x.endRow();
            }
            while (in.next()) {
                if (in.end > in.start) {
                    throw in.error("more points than the " + rows + " the header declares");
                }
            }
            return new Split(x.build(), y.build());
        }
    }

    private static boolean hasColon(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] == ':') {
                return true;
            }
        }
        return false;
    }

    private static void parseLabels(LineSource in, int s, int e, int numLabels, CsrBuilder y) {
        int i = s;
        int prev = -1;
        int n = 0;
        while (i < e) {
            int ts = i;
            while (i < e && in.buf[i] != ',') {
                i++;
            }
            n++;
            int l = NumberParser.parseNonNegativeInt(in.buf, ts, i);
            if (l == NumberParser.NOT_AN_INT) {
                throw in.error("label " + n + " '" + LineSource.excerpt(in.buf, ts, i)
                        + "' is not a non-negative integer");
            }
            if (l >= numLabels) {
                throw in.error("label " + l + " is >= the declared number of labels " + numLabels);
            }
            if (l <= prev) {
                throw in.error("label " + l + (l == prev ? " is duplicated" : " is not in ascending order"));
            }
            prev = l;
            y.add(l, 1f);
            i++;
        }
    }

    public static void write(CsrMatrix features, CsrMatrix labels, OutputStream out) throws IOException {
        if (features.rows() != labels.rows()) {
            throw new IllegalArgumentException("features have " + features.rows() + " rows, labels "
                    + labels.rows());
        }
        AsciiWriter w = new AsciiWriter(out);
        w.appendInt(features.rows()).append(' ').appendInt(features.cols()).append(' ').appendInt(labels.cols())
                .newline();
        for (int r = 0; r < features.rows(); r++) {
            boolean first = true;
            for (long p = labels.rowStart(r); p < labels.rowEnd(r); p++) {
                if (!first) {
                    w.append(',');
                }
                first = false;
                w.appendInt(labels.index(p));
            }
            w.append(' ');
            XcSparseText.writeRow(features, r, w);
            w.newline();
        }
        w.flush();
    }

    public static void write(CsrMatrix features, CsrMatrix labels, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(features, labels, out));
    }
}
