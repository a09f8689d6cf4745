package org.xmcbench.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.BigIntArray;
import org.xmcbench.core.data.CsrMatrix;

/** A compact binary dump of a CSR matrix for saved models (magic, shape, pointers, indices, values; big-endian). */
public final class CsrBinary {
    private static final int MAGIC = 0x58434352; // "XCCR"

    private CsrBinary() {}

    public static void write(CsrMatrix m, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(m.rows());
            out.writeInt(m.cols());
            for (long p : m.indptr()) {
                out.writeLong(p);
            }
            for (long p = 0; p < m.nnz(); p++) {
                out.writeInt(m.index(p));
            }
            for (long p = 0; p < m.nnz(); p++) {
                out.writeFloat(m.value(p));
            }
        }
    }

    public static CsrMatrix read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new DataFormatException(file, "", "not an xmcbench CSR dump (bad magic)");
            }
            int rows = in.readInt();
            int cols = in.readInt();
            long[] ptr = new long[rows + 1];
            for (int i = 0; i <= rows; i++) {
                ptr[i] = in.readLong();
            }
            long nnz = ptr[rows];
            BigIntArray idx = new BigIntArray(nnz);
            BigFloatArray val = new BigFloatArray(nnz);
            idx.setSize(nnz);
            val.setSize(nnz);
            for (long p = 0; p < nnz; p++) {
                idx.set(p, in.readInt());
            }
            for (long p = 0; p < nnz; p++) {
                val.set(p, in.readFloat());
            }
            return new CsrMatrix(rows, cols, ptr, idx, val);
        }
    }
}
