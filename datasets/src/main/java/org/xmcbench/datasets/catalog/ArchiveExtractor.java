package org.xmcbench.datasets.catalog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.xmcbench.core.io.DataFormatException;

/**
 * Unpacks a downloaded archive (zip, tar.gz, gz) into a folder, refusing any entry whose path would land outside
 * it ("zip slip": absolute paths, {@code ..} segments) and any link entry. Extraction goes to a temporary folder
 * that is renamed into place only when every entry was written.
 */
public final class ArchiveExtractor {
    private ArchiveExtractor() {}

    public static void extract(Path archive, String kind, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".extracting");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        try {
            switch (kind) {
                case "zip" -> {
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                         ZipArchiveInputStream zin = new ZipArchiveInputStream(in)) {
                        copyEntries(archive, zin, tmp);
                    }
                }
                case "tar.gz" -> {
                    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)));
                         TarArchiveInputStream tin = new TarArchiveInputStream(in)) {
                        copyEntries(archive, tin, tmp);
                    }
                }
                case "gz" -> {
                    String name = archive.getFileName().toString().replaceFirst("\\.gz$", "");
                    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
                        Files.copy(in, tmp.resolve(name));
                    }
                }
                case "none" -> Files.copy(archive, tmp.resolve(archive.getFileName().toString()));
                default -> throw new IllegalArgumentException("unknown archive kind '" + kind + "'");
            }
            deleteRecursively(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static void copyEntries(Path archive, ArchiveInputStream<? extends ArchiveEntry> in, Path dest)
            throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        ArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            String name = e.getName();
            Path out = root.resolve(name).normalize();
            if (name.startsWith("/") || name.contains("\\") && name.contains("..") || !out.startsWith(root)
                    || out.equals(root) && !e.isDirectory()) {
                throw new DataFormatException(archive, "entry " + name,
                        "refusing to unpack: the path escapes the target folder");
            }
            if (e instanceof org.apache.commons.compress.archivers.tar.TarArchiveEntry t
                    && (t.isSymbolicLink() || t.isLink())) {
                throw new DataFormatException(archive, "entry " + name, "refusing to unpack a link entry");
            }
            if (e.isDirectory()) {
                Files.createDirectories(out);
            } else {
                Files.createDirectories(out.getParent());
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
