package org.xmcbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.XcSparseText;

/** Reads a label or score matrix from any supported single-file format: scipy .npz, dense .npy, XC sparse text. */
final class MatrixFiles {
    private MatrixFiles() {}

    static CsrMatrix read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "", "no such file");
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".npz")) {
            return Npz.read(file);
        }
        if (name.endsWith(".npy")) {
            return Npz.readDense(file).toCsr();
        }
        return XcSparseText.read(file);
    }
}
