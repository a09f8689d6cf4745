package org.xmcbench.datasets.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Opens files transparently through gzip: by magic bytes on read, by the {@code .gz} suffix on write. */
public final class CompressedFiles {
    private static final int BUFFER = 1 << 16;

    private CompressedFiles() {}

    public static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, BUFFER);
        }
        return in;
    }

    /**
     * Writes to {@code file} (gzip when it ends in .gz; Java's gzip header carries no timestamp, so the bytes are
     * reproducible). Use with {@link AtomicFiles} when the result must appear all at once.
     */
    public static OutputStream create(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            return new BufferedOutputStream(new GZIPOutputStream(out, BUFFER), BUFFER);
        }
        return new BufferedOutputStream(out, BUFFER);
    }
}
