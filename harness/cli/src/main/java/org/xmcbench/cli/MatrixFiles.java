package org.xmcbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.RowOrder;
import org.xmcbench.datasets.io.XcSparseText;

/** Reads a label or score matrix from any supported single-file format: scipy .npz, dense .npy, XC sparse text. */
final class MatrixFiles {
    private MatrixFiles() {}

    /** A label matrix: each row's columns ascending, as the dataset formats require. */
    static CsrMatrix read(Path file) throws IOException {
        return read(file, RowOrder.ASCENDING);
    }

    /**
     * A prediction matrix: rows in any order (PECOS's {@code sorted_csr} and most tools write them best score first)
     * are sorted by column; duplicated or out-of-range columns are still refused.
     */
    static CsrMatrix readPredictions(Path file) throws IOException {
        return read(file, RowOrder.ANY);
    }

    private static CsrMatrix read(Path file, RowOrder order) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "", "no such file");
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".npz")) {
            return Npz.read(file, order);
        }
        if (name.endsWith(".npy")) {
            return Npz.readDense(file).toCsr();
        }
        return XcSparseText.read(file, order);
    }
}
