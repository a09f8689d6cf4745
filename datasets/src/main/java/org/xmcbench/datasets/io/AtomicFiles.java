package org.xmcbench.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under a temporary name in the same folder and renames it into place, so a reader (or a crash)
 * sees either the old complete file or the new complete file, never a torn one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** The body writing to the stream; compressed when the target ends in .gz. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        // Keep the .gz suffix on the temporary name so CompressedFiles compresses it.
        Path tmp = dir.resolve("." + name + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
                + (name.endsWith(".gz") ? ".gz" : ""));
        try {
            try (OutputStream out = CompressedFiles.create(tmp)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
