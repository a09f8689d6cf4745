package org.xmcbench.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Archives built in memory for the download and unpack tests. */
final class TestArchives {
    private TestArchives() {}

    /** A tiny dataset in the xc layout, under {@code Tiny/}. */
    static final Map<String, String> TINY = new java.util.TreeMap<>(Map.of(
            "Tiny/trn_X_Y.txt", "2 3\n0:1\n1:1 2:1\n", "Tiny/tst_X_Y.txt", "1 3\n2:1\n"));

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.US_ASCII));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /** A zip with one entry whose unix mode (external attributes) is {@code mode}, e.g. a symbolic link. */
    static byte[] zipWithUnixMode(String name, int mode, String content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(b)) {
            ZipArchiveEntry plain = new ZipArchiveEntry("Tiny/trn_X_Y.txt");
            z.putArchiveEntry(plain);
            z.write(TINY.get("Tiny/trn_X_Y.txt").getBytes(StandardCharsets.US_ASCII));
            z.closeArchiveEntry();
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setUnixMode(mode);
            z.putArchiveEntry(e);
            z.write(content.getBytes(StandardCharsets.US_ASCII));
            z.closeArchiveEntry();
        }
        return b.toByteArray();
    }

    static final int SYMLINK = UnixStat.LINK_FLAG | 0777;
    static final int FIFO = 0010644;

    /** A tar.gz of {@code entries}, then one entry of tar type {@code specialType} named {@code specialName}. */
    static byte[] tarGz(Map<String, String> entries, String specialName, byte specialType) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(b))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.US_ASCII);
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(data.length);
                t.putArchiveEntry(te);
                t.write(data);
                t.closeArchiveEntry();
            }
            if (specialName != null) {
                TarArchiveEntry s = new TarArchiveEntry(specialName, specialType);
                if (s.isSymbolicLink() || s.isLink()) {
                    s.setLinkName("/etc/passwd");
                }
                t.putArchiveEntry(s);
                t.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    /** A zip whose one entry is {@code bytes} zeros: a few KB that unpack to {@code bytes}. */
    static byte[] zipOfZeros(String name, int bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(new byte[bytes]);
            z.closeEntry();
        }
        return b.toByteArray();
    }

    /** A downloadable catalog entry with one download of {@code kind} and no known SHA-256. */
    static org.xmcbench.datasets.catalog.CatalogEntry entry(String url, String file, String kind) {
        return new org.xmcbench.datasets.catalog.CatalogEntry("xc-repository", "xc", "test", null, null, null,
                java.util.List.of(new org.xmcbench.datasets.catalog.CatalogEntry.Download(url, file, kind, null, null)),
                null, null, null, new org.xmcbench.datasets.catalog.CatalogEntry.Propensity(0.55, 1.5), null, null);
    }

    static java.io.PrintStream quiet() {
        return new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The offset of a zip's central directory (its first central file header), where a cut-short zip ends. */
    static int centralDirectoryOffset(byte[] zip) {
        for (int i = 0; i + 3 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                return i;
            }
        }
        throw new IllegalArgumentException("no central directory");
    }
}
