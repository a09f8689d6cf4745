package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.catalog.ArchiveExtractor;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.FetchSettings;
import org.xmcbench.datasets.catalog.Fetcher;
import org.xmcbench.datasets.catalog.LockFile;
import org.xmcbench.datasets.catalog.UnpackLimits;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * Unpacking writes only regular files and folders, within a size and an entry limit, and all or nothing: a
 * refused archive leaves an earlier unpack as it was and no temporary folder behind.
 */
class ArchiveExtractorTest {
    @TempDir
    Path tmp;

    private Path target;

    private DataFormatException refused(byte[] archive, String file, String kind, UnpackLimits limits)
            throws IOException {
        Path a = tmp.resolve(file);
        Files.write(a, archive);
        target = tmp.resolve("data/out");
        Files.createDirectories(target);
        Files.writeString(target.resolve("earlier.txt"), "an earlier unpack");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ArchiveExtractor.extract(a, file, kind, target, limits));
        assertTrue(e.getMessage().contains(a.toString()), "names the archive: " + e.getMessage());
        assertEquals("an earlier unpack", Files.readString(target.resolve("earlier.txt")), "earlier unpack kept");
        try (var s = Files.list(target)) {
            assertEquals(1, s.count(), "nothing of the refused archive is in place");
        }
        assertFalse(Files.exists(tmp.resolve(file + ".extracting")), "no temporary folder left");
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"symlink", "fifo"})
    void aZipEntryThatIsNotAFileOrFolderIsRefused(String what) throws IOException {
        byte[] zip = TestArchives.zipWithUnixMode("Tiny/odd", what.equals("symlink") ? TestArchives.SYMLINK
                : TestArchives.FIFO, "/etc/passwd");
        DataFormatException e = refused(zip, "odd.zip", "zip", UnpackLimits.DEFAULTS);
        assertTrue(e.getMessage().contains("entry Tiny/odd")
                && e.getMessage().contains(what.equals("symlink") ? "symbolic link" : "FIFO"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(bytes = {TarConstants.LF_SYMLINK, TarConstants.LF_LINK, TarConstants.LF_FIFO, TarConstants.LF_CHR,
        TarConstants.LF_BLK})
    void aTarEntryThatIsNotAFileOrFolderIsRefused(byte type) throws IOException {
        byte[] tgz = TestArchives.tarGz(TestArchives.TINY, "Tiny/odd", type);
        DataFormatException e = refused(tgz, "odd.tar.gz", "tar.gz", UnpackLimits.DEFAULTS);
        assertTrue(e.getMessage().contains("entry Tiny/odd") && e.getMessage().contains("only regular files"),
                e.getMessage());
    }

    @Test
    void anArchiveUnpackingToMoreThanItsLimitIsRefused() throws IOException {
        byte[] bomb = TestArchives.zipOfZeros("zeros.bin", 2 << 20);
        assertTrue(bomb.length < 64 << 10, "a small archive: " + bomb.length);
        DataFormatException e = refused(bomb, "bomb.zip", "zip", new UnpackLimits(1 << 20, 100));
        assertTrue(e instanceof ArchiveExtractor.LimitExceededException
                && e.getMessage().contains("more than 1048576 bytes"), e.getMessage());
    }

    @Test
    void anArchiveWithMoreEntriesThanItsLimitIsRefused() throws IOException {
        DataFormatException e = refused(TestArchives.zip(TestArchives.TINY), "two.zip", "zip", new UnpackLimits(-1, 1));
        assertTrue(e instanceof ArchiveExtractor.LimitExceededException && e.getMessage().contains("more than 1 "
                + "entries"), e.getMessage());
    }

    /** An archive whose bytes changed in transit: its entry's data no longer match its CRC-32 (or inflate). */
    @Test
    void aZipEntryWhoseDataDisagreeWithItsChecksumIsDamaged() throws IOException {
        byte[] zip = TestArchives.zipOfZeros("zeros.bin", 1 << 16);
        zip[40] ^= 0x55; // inside the first entry's compressed data, after its 30-byte header and 9-byte name
        DataFormatException e = refused(zip, "flipped.zip", "zip", UnpackLimits.DEFAULTS);
        assertTrue(e instanceof ArchiveExtractor.DamagedArchiveException && e.getMessage().contains("zeros.bin"),
                e.getMessage());
    }

    @Test
    void aGzipStreamCutBeforeItsTrailerIsDamaged() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(b)) {
            gz.write("2 3\n0:1\n1:1 2:1\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] cut = java.util.Arrays.copyOf(b.toByteArray(), b.size() - 4); // the length field of the trailer
        DataFormatException e = refused(cut, "trn_X_Y.txt.gz", "gz", UnpackLimits.DEFAULTS);
        assertTrue(e instanceof ArchiveExtractor.DamagedArchiveException, e.getMessage());
    }

    @Test
    void theDefaultSizeLimitGrowsWithTheArchiveUpToACeiling() {
        // The probe's bomb: 311 KB unpacking to 305 MB.
        assertTrue(UnpackLimits.DEFAULTS.bytesFor(311_000) < 305_000_000L);
        assertEquals(UnpackLimits.DEFAULT_RATIO * (4L << 30), UnpackLimits.DEFAULTS.bytesFor(4L << 30));
        assertEquals(UnpackLimits.DEFAULT_CEILING_BYTES, UnpackLimits.DEFAULTS.bytesFor(1L << 40));
    }

    @Test
    void unpackedFilesComeWithTheirSizeAndHash() throws IOException {
        Path a = tmp.resolve("tiny.tar.gz");
        Files.write(a, TestArchives.tarGz(TestArchives.TINY, "Tiny/", TarConstants.LF_DIR));
        Map<String, ArchiveExtractor.FileRecord> files =
                ArchiveExtractor.extract(a, "tiny.tar.gz", "tar.gz", tmp.resolve("data/tiny"), UnpackLimits.DEFAULTS);
        assertEquals(TestArchives.TINY.keySet(), files.keySet());
        Path trn = tmp.resolve("data/tiny/Tiny/trn_X_Y.txt");
        assertEquals(new ArchiveExtractor.FileRecord(Files.size(trn), DatasetReader.sha256(trn)),
                files.get("Tiny/trn_X_Y.txt"));
    }

    /** Over the limit through fetch: nothing locked, the download kept; a higher limit then takes it as it is. */
    @Test
    void aFetchOverTheLimitLocksNothingAndKeepsTheDownloadForARetry() throws Exception {
        byte[] bomb = TestArchives.zipOfZeros("zeros.bin", 2 << 20);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, bomb.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bomb);
            }
        });
        server.start();
        try {
            Path cache = tmp.resolve("cache");
            CatalogEntry e = TestArchives.entry("http://127.0.0.1:" + server.getAddress().getPort() + "/b.zip",
                    "b.zip", "zip");
            FetchSettings small = FetchSettings.DEFAULTS.withUnpack(new UnpackLimits(1 << 20, 100));
            assertThrows(ArchiveExtractor.LimitExceededException.class,
                    () -> new Fetcher(cache, TestArchives.quiet(), small).fetch("Bomb", e));
            assertNull(LockFile.load(cache).get("Bomb", "b.zip"));
            assertFalse(Files.exists(cache.resolve("Bomb/data/b")));
            assertTrue(Files.exists(cache.resolve("Bomb/b.zip")), "the complete download is kept");

            FetchSettings big = small.withUnpack(new UnpackLimits(4 << 20, 100))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
            new Fetcher(cache, TestArchives.quiet(), big).fetch("Bomb", e);
            assertEquals(1, requests.get(), "not downloaded again");
            assertEquals(2 << 20, Files.size(cache.resolve("Bomb/data/b/zeros.bin")));
            assertEquals(DatasetReader.sha256(cache.resolve("Bomb/b.zip")), LockFile.load(cache).get("Bomb", "b.zip"));
        } finally {
            server.stop(0);
        }
    }
}
