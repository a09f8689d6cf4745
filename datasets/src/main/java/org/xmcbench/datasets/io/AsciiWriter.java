package org.xmcbench.datasets.io;

import java.io.IOException;
import java.io.OutputStream;

/** A small buffered writer of ASCII text (numbers and separators) that skips the charset encoder. */
final class AsciiWriter {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;

    AsciiWriter(OutputStream out) {
        this.out = out;
    }

    AsciiWriter append(char c) throws IOException {
        if (n == buf.length) {
            flushBuffer();
        }
        buf[n++] = (byte) c;
        return this;
    }

    AsciiWriter append(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            append(s.charAt(i));
        }
        return this;
    }

    AsciiWriter appendInt(int v) throws IOException {
        if (v == 0) {
            return append('0');
        }
        if (v < 0) {
            return append(Integer.toString(v));
        }
        if (n + 11 > buf.length) {
            flushBuffer();
        }
        int digits = 0;
        for (int t = v; t > 0; t /= 10) {
            digits++;
        }
        for (int i = n + digits - 1; i >= n; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += digits;
        return this;
    }

    AsciiWriter newline() throws IOException {
        return append('\n');
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }
}
