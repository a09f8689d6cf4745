package org.xmcbench.datasets.catalog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.AsiExtraField;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.xmcbench.core.io.DataFormatException;

/**
 * Unpacks a downloaded archive (zip, tar.gz, gz) into a folder, and is also the archive's integrity check: a zip
 * is read through its central directory (a zip cut short has none and is refused) with every entry's CRC-32 and
 * size compared to what it declares; a gzip stream is read to its trailer, whose CRC and length
 * {@link GZIPInputStream} checks. Refused: any entry whose path would land outside the folder ("zip slip"), any
 * entry that is not a regular file or a folder (symbolic and hard links, FIFOs, devices), and an archive that
 * unpacks to more than its {@link UnpackLimits}. Extraction goes to a temporary folder beside the archive that is
 * moved into place only when every entry was written and checked, so a failure leaves nothing half-unpacked.
 * Returns each unpacked file's size and SHA-256, computed while writing it.
 */
public final class ArchiveExtractor {
    private ArchiveExtractor() {}

    /** Size and SHA-256 of one unpacked file. */
    public record FileRecord(long size, String sha256) {}

    /** The archive is damaged or incomplete: it cannot be used, its hash must not be trusted. */
    public static final class DamagedArchiveException extends DataFormatException {
        DamagedArchiveException(Path archive, String location, String problem, Throwable cause) {
            super(archive, location, problem, cause);
        }
    }

    /** The archive is intact but unpacks to more than allowed: raise the limit to accept it. */
    public static final class LimitExceededException extends DataFormatException {
        LimitExceededException(Path archive, String location, String problem) {
            super(archive, location, problem);
        }
    }

    /**
     * Unpacks {@code archive} (a download named {@code fileName}, perhaps still under a temporary name) into
     * {@code target}, replacing what was there; returns the unpacked files by path relative to {@code target}.
     */
    public static Map<String, FileRecord> extract(Path archive, String fileName, String kind, Path target,
            UnpackLimits limits) throws IOException {
        Path tmp = archive.resolveSibling(fileName + ".extracting");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        try {
            Budget budget = new Budget(archive, limits.bytesFor(Files.size(archive)), limits.maxEntries());
            Map<String, FileRecord> files = new TreeMap<>();
            switch (kind) {
                case "zip" -> unzip(archive, tmp, budget, files);
                case "tar.gz" -> untar(archive, tmp, budget, files);
                case "gz" -> {
                    String name = fileName.replaceFirst("\\.gz$", "");
                    budget.entry(name);
                    try (InputStream in = gunzip(archive)) {
                        files.put(name, copy(archive, name, in, tmp.resolve(name), budget));
                    }
                }
                case "none" -> {
                    budget.entry(fileName);
                    try (InputStream in = Files.newInputStream(archive)) {
                        files.put(fileName, copy(archive, fileName, in, tmp.resolve(fileName), budget));
                    }
                }
                default -> throw new IllegalArgumentException("unknown archive kind '" + kind + "'");
            }
            deleteRecursively(target);
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return files;
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static void unzip(Path archive, Path dest, Budget budget, Map<String, FileRecord> files)
            throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw new DamagedArchiveException(archive, "", "not a complete zip archive (" + e.getMessage()
                    + "): its central directory cannot be read", e);
        }
        try (zip) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String name = e.getName();
                Path out = admit(archive, dest, name, e.isDirectory(), zipFileType(e), budget);
                if (e.isDirectory()) {
                    continue;
                }
                if (!zip.canReadEntryData(e)) {
                    throw new DamagedArchiveException(archive, "entry " + name, "cannot be read (compression "
                            + e.getMethod() + " or encryption not supported)", null);
                }
                CRC32 crc = new CRC32();
                FileRecord r;
                try (InputStream in = zip.getInputStream(e)) {
                    r = copy(archive, name, new java.util.zip.CheckedInputStream(in, crc), out, budget);
                }
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc() || e.getSize() != -1 && r.size() != e.getSize()) {
                    throw new DamagedArchiveException(archive, "entry " + name, String.format(
                            "damaged: read %d bytes with CRC-32 %08x, the archive declares %d bytes with %08x",
                            r.size(), crc.getValue(), e.getSize(), e.getCrc()), null);
                }
                files.put(relative(dest, out), r);
            }
        }
    }

    private static void untar(Path archive, Path dest, Budget budget, Map<String, FileRecord> files)
            throws IOException {
        try (InputStream gz = gunzip(archive); TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = nextTarEntry(archive, tar)) != null) {
                String name = e.getName();
                Path out = admit(archive, dest, name, e.isDirectory(), tarFileType(e), budget);
                if (!e.isDirectory()) {
                    files.put(relative(dest, out), copy(archive, name, tar, out, budget));
                }
            }
            // The tar reader stops at its end-of-archive blocks; read the gzip stream on to its trailer (CRC,
            // length) so a stream cut short after the last entry is noticed too.
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = read(archive, "the end of the archive", gz, buf)) > 0) {
                budget.bytes("the end of the archive", n);
            }
        }
    }

    private static TarArchiveEntry nextTarEntry(Path archive, TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new DamagedArchiveException(archive, "", "damaged tar.gz archive: " + e.getMessage(), e);
        }
    }

    private static InputStream gunzip(Path archive) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw new DamagedArchiveException(archive, "", "not a gzip stream: " + e.getMessage(), e);
        }
    }

    /** A description of a file type other than regular file and folder, or null for those. */
    private static String zipFileType(ZipArchiveEntry e) {
        String type = unixType(e.getUnixMode());
        if (type == null && e.getExtraField(new AsiExtraField().getHeaderId()) instanceof AsiExtraField asi) {
            type = asi.isLink() ? "symbolic link" : unixType(asi.getMode());
        }
        return type;
    }

    private static String unixType(int mode) {
        return switch (mode & UnixStat.FILE_TYPE_FLAG) {
            case 0, UnixStat.FILE_FLAG, UnixStat.DIR_FLAG -> null;
            case UnixStat.LINK_FLAG -> "symbolic link";
            case 0010000 -> "FIFO";
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            case 0140000 -> "socket";
            default -> String.format("file of unix type %06o", mode & UnixStat.FILE_TYPE_FLAG);
        };
    }

    private static String tarFileType(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        if (e.isDirectory() || flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                || flag == TarConstants.LF_CONTIG) {
            return null;
        }
        return e.isSymbolicLink() ? "symbolic link" : e.isLink() ? "hard link" : e.isFIFO() ? "FIFO"
                : e.isCharacterDevice() ? "character device" : e.isBlockDevice() ? "block device"
                : "entry of tar type '" + (char) flag + "'";
    }

    /**
     * The checks every entry passes before anything of it is written: its path stays inside, it is a regular file
     * or a folder ({@code type} null), it fits the budget. Creates a folder entry; returns where the entry goes.
     */
    private static Path admit(Path archive, Path dest, String name, boolean directory, String type, Budget budget)
            throws IOException {
        Path out = inside(archive, dest, name, directory);
        if (type != null) {
            throw new DataFormatException(archive, "entry " + name, "refusing to unpack a " + type
                    + ": only regular files and folders are unpacked");
        }
        budget.entry(name);
        if (directory) {
            Files.createDirectories(out);
        }
        return out;
    }

    private static Path inside(Path archive, Path dest, String name, boolean directory) {
        Path root = dest.toAbsolutePath().normalize();
        Path out = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\\") && name.contains("..") || !out.startsWith(root)
                || out.equals(root) && !directory) {
            throw new DataFormatException(archive, "entry " + name,
                    "refusing to unpack: the path escapes the target folder");
        }
        return out;
    }

    private static String relative(Path dest, Path out) {
        return dest.toAbsolutePath().normalize().relativize(out).toString().replace('\\', '/');
    }

    /** Writes one entry, counting it against the budget and hashing it; read errors mean a damaged archive. */
    private static FileRecord copy(Path archive, String name, InputStream in, Path out, Budget budget)
            throws IOException {
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new DamagedArchiveException(archive, "entry " + name, "appears twice in the archive", null);
        }
        Files.createDirectories(out.getParent());
        MessageDigest sha = sha256();
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream o = Files.newOutputStream(out)) {
            int n;
            while ((n = read(archive, "entry " + name, in, buf)) > 0) {
                budget.bytes(name, n);
                o.write(buf, 0, n);
                sha.update(buf, 0, n);
                size += n;
            }
        }
        return new FileRecord(size, HexFormat.of().formatHex(sha.digest()));
    }

    private static int read(Path archive, String where, InputStream in, byte[] buf) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new DamagedArchiveException(archive, where, "damaged or incomplete: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is left of an archive's unpack limits. */
    private static final class Budget {
        private final Path archive;
        private final long maxBytes;
        private final long maxEntries;
        private long bytes;
        private long entries;

        Budget(Path archive, long maxBytes, long maxEntries) {
            this.archive = archive;
            this.maxBytes = maxBytes;
            this.maxEntries = maxEntries;
        }

        void entry(String name) {
            if (++entries > maxEntries) {
                throw new LimitExceededException(archive, "entry " + name, "more than " + maxEntries
                        + " entries: refusing to unpack (raise the entry limit if the archive is genuine)");
            }
        }

        void bytes(String name, long n) {
            bytes += n;
            if (bytes > maxBytes) {
                throw new LimitExceededException(archive, "entry " + name, "unpacks to more than " + maxBytes
                        + " bytes: refusing to unpack (raise the size limit if the archive is genuine)");
            }
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
