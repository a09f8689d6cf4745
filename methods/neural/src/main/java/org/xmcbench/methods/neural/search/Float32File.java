package org.xmcbench.methods.neural.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A headerless little-endian float32 file: the plainest format for an embedding matrix, the one
 * {@code numpy.fromfile(path, '<f4')} reads, with the shape kept in the index manifest. Streamed through a small
 * buffer so that a matrix of millions of rows never needs a second copy in memory.
 */
final class Float32File {
    private static final int CHUNK_FLOATS = 1 << 16;

    private Float32File() {}

    /** Writes {@code count} floats that {@code source} yields in order. */
    static void write(Path file, long count, FloatSource source) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long i = 0; i < count; i++) {
                buf.putFloat(source.get(i));
                if (!buf.hasRemaining()) {
                    flush(ch, buf);
                }
            }
            flush(ch, buf);
        }
    }

    /** Reads exactly {@code count} floats (at most 2^31-8, one Java array). */
    static float[] read(Path file, int count) throws IOException {
        float[] out = new float[count];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != 4L * count) {
                throw new IOException(file + " has " + ch.size() + " bytes, expected " + 4L * count);
            }
            int pos = 0;
            while (pos < count) {
                buf.clear();
                buf.limit(Math.min(buf.capacity(), (count - pos) * 4));
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new IOException("unexpected end of " + file);
                    }
                }
                buf.flip();
                buf.asFloatBuffer().get(out, pos, buf.remaining() / 4);
                pos += buf.remaining() / 4;
            }
        }
        return out;
    }

    private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    /** The i-th float to write. */
    @FunctionalInterface
    interface FloatSource {
        float get(long i);
    }
}
