package org.xmcbench.datasets.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.BigIntArray;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.DenseMatrix;
import org.xmcbench.core.io.DataFormatException;

/**
 * scipy.sparse {@code save_npz} files (PECOS's X.trn.npz / Y.trn.npz and prediction files): a zip of .npy
 * entries {@code data}, {@code indices}, {@code indptr}, {@code shape}, {@code format}. Reads stored and deflated
 * entries, int32 and int64 index arrays, float32 and float64 data, and csr or csc matrices (csc is converted);
 * plain {@code .npy} dense arrays via {@link #readDense}.
 */
public final class Npz {
    /** 1980-01-01, the zip epoch: fixed so that writing the same matrix twice gives the same bytes. */
    private static final long FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

    private Npz() {}

    public static CsrMatrix read(Path file) throws IOException {
        return read(file, RowOrder.ASCENDING);
    }

    /** As {@link #read(Path)}; with {@link RowOrder#ANY} a row may list its columns in any order. */
    public static CsrMatrix read(Path file, RowOrder order) throws IOException {
        try (ZipFile zip = openZip(file)) {
            String format = entry(zip, file, "format", (in, h) -> NpyStreams.readString(in, h));
            long[] shape = entry(zip, file, "shape", NpyStreams::readLongs);
            if (shape.length != 2 || shape[0] < 0 || shape[1] < 0 || shape[0] > Integer.MAX_VALUE
                    || shape[1] > Integer.MAX_VALUE) {
                throw new DataFormatException(file, "entry shape.npy", "expected a 2-d shape that fits int32, got "
                        + java.util.Arrays.toString(shape));
            }
            String tooWide = DeclaredSizes.dimensionProblem(format.equals("csc") ? shape[0] : shape[1], "columns");
            if (tooWide != null) {
                throw new DataFormatException(file, "entry shape.npy", "shape " + java.util.Arrays.toString(shape)
                        + " " + tooWide);
            }
            if (!format.equals("csr") && !format.equals("csc")) {
                throw new DataFormatException(file, "entry format.npy", "sparse format '" + format
                        + "' is not supported (expected csr or csc)");
            }
            boolean csc = format.equals("csc");
            int rows = (int) (csc ? shape[1] : shape[0]);
            int cols = (int) (csc ? shape[0] : shape[1]);
            long[] indptr = entry(zip, file, "indptr", NpyStreams::readLongs);
            BigIntArray indices = entry(zip, file, "indices", NpyStreams::readInts);
            BigFloatArray data = entry(zip, file, "data", NpyStreams::readFloats);
            if (indptr.length != rows + 1) {
                throw new DataFormatException(file, "entry indptr.npy", "has " + indptr.length
                        + " entries; shape " + shape[0] + " x " + shape[1] + " needs " + (rows + 1));
            }
            if (indices.size() != data.size()) {
                throw new DataFormatException(file, "entries indices.npy/data.npy", "indices has " + indices.size()
                        + " elements but data has " + data.size());
            }
            if (indptr[rows] != indices.size()) {
                throw new DataFormatException(file, "entry indptr.npy", "last pointer is " + indptr[rows]
                        + " but indices holds " + indices.size() + " elements");
            }
            CsrMatrix m = new CsrMatrix(rows, cols, indptr, indices, data);
            if (order == RowOrder.ANY) {
                RowOrder.sortRows(m, file, 0);
            }
            String problem = m.checkInvariants();
            if (problem != null) {
                throw new DataFormatException(file, "entries indptr/indices/data", problem);
            }
            return csc ? m.transpose() : m;
        } catch (ZipException e) {
            throw new DataFormatException(file, "", "not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + ")", e);
        }
    }

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(file, "", "not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + ")", e);
        }
    }

    @FunctionalInterface
    private interface EntryReader<T> {
        T read(InputStream in, NpyHeader h) throws IOException;
    }

    private static <T> T entry(ZipFile zip, Path file, String name, EntryReader<T> reader) throws IOException {
        ZipEntry e = zip.getEntry(name + ".npy");
        if (e == null) {
            throw new DataFormatException(file, "", "missing zip entry '" + name
                    + ".npy' (a scipy.sparse save_npz file has data, indices, indptr, shape, format)");
        }
        try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
            return reader.read(in, NpyHeader.read(in).requireFits(uncompressedAtMost(e)));
        } catch (IllegalArgumentException ex) {
            throw new DataFormatException(file, "entry " + name + ".npy", ex.getMessage(), ex);
        } catch (EOFException | ZipException ex) {
            throw new DataFormatException(file, "entry " + name + ".npy", "truncated or corrupt entry ("
                    + ex.getMessage() + ")", ex);
        }
    }

    /**
     * The most bytes an entry can give: its declared uncompressed size, and no more than its compressed bytes can
     * hold (a forged central directory may declare any size).
     */
    private static long uncompressedAtMost(ZipEntry e) {
        long bound = e.getMethod() == ZipEntry.STORED ? e.getCompressedSize()
                : DeclaredSizes.inflatedAtMost(e.getCompressedSize());
        return e.getSize() < 0 ? bound : e.getCompressedSize() < 0 ? e.getSize() : Math.min(e.getSize(), bound);
    }

    /** Reads a dense 2-d {@code .npy} array (C or Fortran order) as float32. */
    public static DenseMatrix readDense(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NpyHeader h = NpyHeader.read(in).requireFits(Files.size(file));
            if (h.shape().length != 2 || h.shape()[0] > Integer.MAX_VALUE || h.shape()[1] > Integer.MAX_VALUE) {
                throw new DataFormatException(file, "header", "expected a 2-d array whose sides fit int32, got "
                        + "shape " + java.util.Arrays.toString(h.shape()));
            }
            BigFloatArray a = NpyStreams.readFloats(in, h);
            int rows = (int) h.shape()[0];
            int cols = (int) h.shape()[1];
            if (!h.fortranOrder()) {
                return new DenseMatrix(rows, cols, a);
            }
            DenseMatrix m = DenseMatrix.zeros(rows, cols);
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    m.set(r, c, a.get((long) c * rows + r));
                }
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, "", e.getMessage(), e);
        }
    }

    public static void writeDense(DenseMatrix m, Path file) throws IOException {
        AtomicFiles.write(file, out -> NpyStreams.writeFloats(out, m.data(), new long[] {m.rows(), m.cols()}));
    }

    /**
     * Writes a CSR matrix as scipy {@code save_npz} does, entries in a fixed order with fixed timestamps so the
     * bytes are reproducible. {@code compressed} = deflate (scipy's default); PECOS writes stored entries.
     */
    public static void write(CsrMatrix m, Path file, boolean compressed) throws IOException {
        AtomicFiles.write(file, out -> write(m, out, compressed));
    }

    public static void write(CsrMatrix m, OutputStream raw, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(raw);
        long nnz = m.nnz();
        putEntry(zip, "format.npy", compressed, o -> NpyStreams.writeAsciiString(o, "csr"));
        putEntry(zip, "shape.npy", compressed, o -> NpyStreams.writeShape(o, new long[] {m.rows(), m.cols()}));
        putEntry(zip, "data.npy", compressed, o -> NpyStreams.writeFloats(o, m.values(), new long[] {nnz}));
        putEntry(zip, "indices.npy", compressed, o -> NpyStreams.writeInts(o, m.indices(), nnz));
        putEntry(zip, "indptr.npy", compressed, o -> NpyStreams.writePointers(o, m.indptr()));
        zip.finish();
        zip.flush();
    }

    static void putEntry(ZipOutputStream zip, String name, boolean compressed, AtomicFiles.Body body)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(FIXED_TIME);
        if (compressed) {
            e.setMethod(ZipEntry.DEFLATED);
            zip.putNextEntry(e);
            body.write(zip);
        } else {
            // Stored entries need size and CRC up front, so buffer the entry (entries are written one at a time).
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            body.write(buf);
            byte[] bytes = buf.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(bytes);
        }
        zip.closeEntry();
    }
}
