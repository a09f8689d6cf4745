package org.xmcbench.datasets.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.BigIntArray;

/**
 * Reads and writes the payload of .npy arrays in blocks, converting the file's dtype to xmcbench's types
 * (int32 indices, long pointers, float32 values) and rejecting values that do not fit. Errors are
 * IllegalArgumentException with the problem; the caller adds the file and entry name.
 */
final class NpyStreams {
    private static final int BLOCK = 1 << 16;

    private NpyStreams() {}

    /** Visits each element as a long (integer dtypes) or double (float dtypes). */
    private interface Sink {
        void accept(long i, long asLong, double asDouble);
    }

    private static void forEach(InputStream in, NpyHeader h, Sink sink) throws IOException {
        long count = h.count();
        int size = h.itemSize();
        byte[] block = new byte[BLOCK - BLOCK % size];
        ByteBuffer bb = ByteBuffer.wrap(block).order(h.order());
        long done = 0;
        while (done < count) {
            int want = (int) Math.min(block.length, (count - done) * size);
            readFully(in, block, want, done, count);
            bb.clear();
            for (int off = 0; off < want; off += size, done++) {
                switch (h.kind()) {
                    case 'f' -> sink.accept(done, 0, size == 4 ? bb.getFloat(off) : bb.getDouble(off));
                    case 'i' -> {
                        long v = switch (size) {
                            case 1 -> bb.get(off);
                            case 2 -> bb.getShort(off);
                            case 4 -> bb.getInt(off);
                            default -> bb.getLong(off);
                        };
                        sink.accept(done, v, v);
                    }
                    case 'u', 'b' -> {
                        long v = switch (size) {
                            case 1 -> bb.get(off) & 0xffL;
                            case 2 -> bb.getShort(off) & 0xffffL;
                            case 4 -> bb.getInt(off) & 0xffffffffL;
                            default -> bb.getLong(off);
                        };
                        sink.accept(done, v, v);
                    }
                    default -> throw new IllegalArgumentException("dtype " + h.dtype() + " is not numeric");
                }
            }
        }
    }

    private static void readFully(InputStream in, byte[] b, int len, long done, long count) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, n, len - n);
            if (r < 0) {
                throw new IllegalArgumentException("truncated: data ends after " + done + " of " + count
                        + " elements");
            }
            n += r;
        }
    }

    static long[] readLongs(InputStream in, NpyHeader h) throws IOException {
        requireInteger(h);
        long count = h.count();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of " + count + " elements is too long for row pointers");
        }
        long[] out = new long[(int) count];
        forEach(in, h, (i, l, d) -> out[(int) i] = l);
        return out;
    }

    static BigIntArray readInts(InputStream in, NpyHeader h) throws IOException {
        requireInteger(h);
        BigIntArray out = new BigIntArray(h.count());
        out.setSize(h.count());
        forEach(in, h, (i, l, d) -> {
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("element " + i + " = " + l + " does not fit in int32");
            }
            out.set(i, (int) l);
        });
        return out;
    }

    static BigFloatArray readFloats(InputStream in, NpyHeader h) throws IOException {
        if (h.kind() == 'S' || h.kind() == 'U') {
            throw new IllegalArgumentException("dtype " + h.dtype() + " is not numeric");
        }
        BigFloatArray out = new BigFloatArray(h.count());
        out.setSize(h.count());
        boolean isFloat = h.kind() == 'f';
        forEach(in, h, (i, l, d) -> {
            float v = isFloat ? (float) d : (float) l;
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("element " + i + " = " + (isFloat ? d : l)
                        + " is not a finite float32");
            }
            out.set(i, v);
        });
        return out;
    }

    static String readString(InputStream in, NpyHeader h) throws IOException {
        if (h.kind() != 'S' && h.kind() != 'U') {
            throw new IllegalArgumentException("expected a string, got dtype " + h.dtype());
        }
        int bytes = h.kind() == 'S' ? h.itemSize() : h.itemSize() * 4;
        byte[] b = new byte[bytes];
        int n = 0;
        while (n < bytes) {
            int r = in.read(b, n, bytes - n);
            if (r < 0) {
                throw new EOFException("truncated string");
            }
            n += r;
        }
        if (h.kind() == 'S') {
            int len = 0;
            while (len < b.length && b[len] != 0) {
                len++;
            }
            return new String(b, 0, len, StandardCharsets.US_ASCII);
        }
        StringBuilder sb = new StringBuilder();
        ByteBuffer bb = ByteBuffer.wrap(b).order(h.order());
        for (int i = 0; i < h.itemSize(); i++) {
            int cp = bb.getInt(i * 4);
            if (cp == 0) {
                break;
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static void requireInteger(NpyHeader h) {
        if (h.kind() != 'i' && h.kind() != 'u') {
            throw new IllegalArgumentException("expected an integer array, got dtype " + h.dtype());
        }
    }

    static void writeInts(OutputStream out, BigIntArray a, long n) throws IOException {
        out.write(NpyHeader.encode("<i4", new long[] {n}));
        ByteBuffer bb = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            if (bb.remaining() < 4) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
            bb.putInt(a.get(i));
        }
        out.write(bb.array(), 0, bb.position());
    }

    static void writeFloats(OutputStream out, BigFloatArray a, long[] shape) throws IOException {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        out.write(NpyHeader.encode("<f4", shape));
        ByteBuffer bb = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            if (bb.remaining() < 4) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
            bb.putFloat(a.get(i));
        }
        out.write(bb.array(), 0, bb.position());
    }

    /** Writes int32 when every value fits (scipy's choice too), int64 otherwise. */
    static void writePointers(OutputStream out, long[] ptr) throws IOException {
        boolean small = ptr.length == 0 || ptr[ptr.length - 1] <= Integer.MAX_VALUE;
        out.write(NpyHeader.encode(small ? "<i4" : "<i8", new long[] {ptr.length}));
        ByteBuffer bb = ByteBuffer.allocate(ptr.length * (small ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (long p : ptr) {
            if (small) {
                bb.putInt((int) p);
            } else {
                bb.putLong(p);
            }
        }
        out.write(bb.array(), 0, bb.position());
    }

    static void writeShape(OutputStream out, long[] shape) throws IOException {
        out.write(NpyHeader.encode("<i8", new long[] {shape.length}));
        ByteBuffer bb = ByteBuffer.allocate(shape.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long s : shape) {
            bb.putLong(s);
        }
        out.write(bb.array());
    }

    static void writeAsciiString(OutputStream out, String s) throws IOException {
        out.write(NpyHeader.encode("|S" + s.length(), new long[0]));
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
