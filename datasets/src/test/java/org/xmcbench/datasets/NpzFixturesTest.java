package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.DenseMatrix;
import org.xmcbench.datasets.io.Npz;

/**
 * Files written by scipy 1.10.1 / numpy 1.24.2 ({@code scipy.sparse.save_npz}, {@code numpy.save}): float64 data,
 * stored entries, int64 index arrays, csc, C- and Fortran-order dense arrays all read as the same float32 matrix
 * [[0, 1.5, 0, 2.25], [0, 0, 0, 0], [3.125, 0, 0, -0.5]].
 */
class NpzFixturesTest {
    static final CsrMatrix EXPECTED = CsrMatrix.of(3, 4, new long[] {0, 2, 2, 4}, new int[] {1, 3, 0, 3},
            new float[] {1.5f, 2.25f, 3.125f, -0.5f});

    static Path fixture(String name) throws Exception {
        return Path.of(NpzFixturesTest.class.getResource("/npz/" + name).toURI());
    }

    @Test
    void everyScipyVariantReads() throws Exception {
        for (String f : new String[] {"f64_deflated.npz", "f32_stored.npz", "i64_indices.npz", "csc.npz"}) {
            CsrMatrix m = Npz.read(fixture(f));
            assertTrue(EXPECTED.sameAs(m), f + " read as " + m);
        }
        for (String f : new String[] {"dense.npy", "dense_fortran.npy"}) {
            DenseMatrix d = Npz.readDense(fixture(f));
            assertTrue(EXPECTED.sameAs(d.toCsr()), f);
        }
    }

    @Test
    void ourWriterMatchesScipysMemberLayout(@TempDir Path tmp) throws Exception {
        // Stored (PECOS-style) output: same members as scipy; every member's payload bytes equal scipy's.
        Path ours = tmp.resolve("ours.npz");
        Npz.write(EXPECTED, ours, false);
        try (java.util.zip.ZipFile a = new java.util.zip.ZipFile(ours.toFile());
             java.util.zip.ZipFile b = new java.util.zip.ZipFile(fixture("f32_stored.npz").toFile())) {
            for (String member : new String[] {"data.npy", "indices.npy", "indptr.npy", "shape.npy", "format.npy"}) {
                byte[] x = a.getInputStream(a.getEntry(member)).readAllBytes();
                byte[] y = b.getInputStream(b.getEntry(member)).readAllBytes();
                assertArrayEquals(y, x, member);
            }
        }
        Npz.write(EXPECTED, tmp.resolve("again.npz"), false);
        assertArrayEquals(Files.readAllBytes(ours), Files.readAllBytes(tmp.resolve("again.npz")), "reproducible bytes");
        assertEquals(4, Npz.read(ours).nnz());
    }
}
