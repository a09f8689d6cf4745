package org.xmcbench.datasets.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0): dtype, memory order and shape.
 * Only the dtypes XMC files use are accepted: little/big-endian int32/int64/float32/float64, bool/uint8, and byte
 * or unicode strings (scipy's {@code format} entry). {@code headerBytes} counts the magic, version, length and
 * header dict: the data follows them.
 */
record NpyHeader(char kind, int itemSize, ByteOrder order, boolean fortranOrder, long[] shape, long headerBytes) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The number of elements (each dimension is non-negative and the product fits a long: see {@link #read}). */
    long count() {
        long c = 1;
        for (long d : shape) {
            c *= d;
        }
        return c;
    }

    /** The bytes the shape and dtype declare; a {@code U} item is 4 bytes a character. */
    long dataBytes() {
        return Math.multiplyExact(count(), (long) itemSize * (kind == 'U' ? 4 : 1));
    }

    /**
     * Refuses a header that declares more data than follow it: {@code available} bytes in all (the file's size,
     * or a zip entry's uncompressed size), so a forged shape is refused before anything is allocated for it.
     */
    NpyHeader requireFits(long available) {
        long left = available - headerBytes;
        if (dataBytes() > left) {
            throw new IllegalArgumentException("header declares shape " + java.util.Arrays.toString(shape) + " of "
                    + dtype() + ", " + dataBytes() + " bytes of data, but only " + Math.max(left, 0)
                    + " bytes follow the header");
        }
        return this;
    }

    String dtype() {
        return (order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + kind + itemSize;
    }

    /** Reads the magic and header; throws IllegalArgumentException with the problem (the caller adds the file). */
    static NpyHeader read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[6];
        try {
            d.readFully(magic);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated: no .npy magic");
        }
        if ((magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw new IllegalArgumentException("not a .npy array (bad magic)");
        }
        int major = d.readUnsignedByte();
        d.readUnsignedByte();
        long len;
        if (major == 1) {
            len = d.readUnsignedByte() | (d.readUnsignedByte() << 8);
        } else if (major == 2 || major == 3) {
            len = (d.readUnsignedByte() | (d.readUnsignedByte() << 8) | (d.readUnsignedByte() << 16))
                    | ((long) d.readUnsignedByte() << 24);
        } else {
            throw new IllegalArgumentException("unsupported .npy version " + major);
        }
        if (len > 1 << 20) {
            throw new IllegalArgumentException(".npy header of " + len + " bytes is implausible");
        }
        byte[] h = new byte[(int) len];
        try {
            d.readFully(h);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated .npy header");
        }
        String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher m = DESCR.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("unsupported or missing dtype in .npy header: "
                    + LineSource.excerpt(header.trim()));
        }
        char kind = m.group(2).charAt(0);
        int size;
        try {
            size = Integer.parseInt(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("item size '" + m.group(3) + "' of dtype in .npy header is too large");
        }
        ByteOrder order = m.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean supported = switch (kind) {
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'f' -> size == 4 || size == 8;
            case 'b' -> size == 1;
            case 'S', 'U' -> true;
            default -> false;
        };
        if (!supported) {
            throw new IllegalArgumentException("unsupported dtype '" + m.group(1) + kind + size + "'");
        }
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!f.find() || !s.find()) {
            throw new IllegalArgumentException("malformed .npy header (no fortran_order or shape): "
                    + LineSource.excerpt(header.trim()));
        }
        String[] dims = s.group(1).split(",");
        int n = 0;
        long[] shape = new long[dims.length];
        long count = 1;
        for (String dim : dims) {
            if (!dim.isBlank()) {
                try {
                    shape[n] = Long.parseLong(dim.trim());
                    count = Math.multiplyExact(count, shape[n]);
                } catch (NumberFormatException | ArithmeticException e) {
                    shape[n] = -1;
                }
                if (shape[n++] < 0) {
                    throw new IllegalArgumentException("malformed shape in .npy header: ("
                            + LineSource.excerpt(s.group(1))
                            + "): each dimension a non-negative integer, their product within 2^63");
                }
            }
        }
        NpyHeader parsed = new NpyHeader(kind, size, order, f.group(1).equals("True"),
                java.util.Arrays.copyOf(shape, n), (major == 1 ? 10 : 12) + len);
        try {
            parsed.dataBytes();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(parsed.shape()) + " of "
                    + parsed.dtype() + " declares more than 2^63 bytes");
        }
        return parsed;
    }

    /** A version 1.0 header for a little-endian array, padded so the data starts on a 64-byte boundary. */
    static byte[] encode(String descr, long[] shape) {
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sh.append(',');
            }
            if (i < shape.length - 1) {
                sh.append(' ');
            }
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] out = new byte[10 + header.length()];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, out, 1, 5);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (header.length() & 0xff);
        out[9] = (byte) (header.length() >> 8);
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, header.length());
        return out;
    }
}
