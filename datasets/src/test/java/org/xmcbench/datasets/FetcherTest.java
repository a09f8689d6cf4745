package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.Fetcher;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * {@code datasets fetch} against a local HTTP server on the loopback interface: resume with Range, SHA-256
 * verification and locking, corrupt downloads set aside, archives that try to escape refused, and an immediate,
 * helpful failure when the host cannot be reached.
 */
class FetcherTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger rangeRequests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = served.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null && range.startsWith("bytes=")) {
                rangeRequests.incrementAndGet();
                from = Integer.parseInt(range.substring(6, range.indexOf('-')));
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                ex.getResponseHeaders().add("Content-Type", "application/zip");
                ex.sendResponseHeaders(206, body.length - from);
            } else {
                ex.getResponseHeaders().add("Content-Type", "application/zip");
                ex.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        return TestArchives.zip(entries);
    }

    private static CatalogEntry entry(String url, String file, String sha) {
        return new CatalogEntry("xc-repository", "xc", "test", null, null, null,
                List.of(new CatalogEntry.Download(url, file, "zip", sha, null)), null, null, null,
                new CatalogEntry.Propensity(0.55, 1.5), null, null);
    }

    private static PrintStream quiet() {
        return TestArchives.quiet();
    }

    @Test
    void resumesVerifiesLocksAndUnpacks() throws Exception {
        byte[] archive = zip(Map.of("Tiny/trn_X_Y.txt", "2 3\n0:1\n1:1 2:1\n", "Tiny/tst_X_Y.txt", "1 3\n2:1\n"));
        served.put("/tiny.zip", archive);
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Tiny"));
        // A partial download from an earlier, interrupted fetch.
        Files.write(cache.resolve("Tiny/tiny.zip.part"), java.util.Arrays.copyOf(archive, archive.length / 3));
        CatalogEntry e = entry(url("/tiny.zip"), "tiny.zip", null);
        assertEquals(LocalState.DOWNLOADED, LocalState.of("Tiny", e, tmp, cache, LockFile.load(cache)));
        Path data = new Fetcher(cache, quiet()).fetch("Tiny", e);
        assertEquals(1, rangeRequests.get(), "the partial file was resumed with a Range request");
        assertTrue(Files.exists(data.resolve("tiny/Tiny/trn_X_Y.txt")));
        String sha = DatasetReader.sha256(cache.resolve("Tiny/tiny.zip"));
        assertEquals(sha, LockFile.load(cache).get("Tiny", "tiny.zip"), "first verified download is locked");
        assertEquals(LocalState.VERIFIED, LocalState.of("Tiny", e, tmp, cache, LockFile.load(cache)));

        // The server now serves different bytes: a later fetch must not accept them.
        Files.delete(cache.resolve("Tiny/tiny.zip"));
        served.put("/tiny.zip", zip(Map.of("Tiny/trn_X_Y.txt", "1 3\n0:1\n")));
        IOException mismatch = assertThrows(IOException.class, () -> new Fetcher(cache, quiet()).fetch("Tiny", e));
        assertTrue(mismatch.getMessage().contains("does not match the locked"), mismatch.getMessage());
        assertFalse(Files.exists(cache.resolve("Tiny/tiny.zip")), "a mismatching download is never used");
    }

    @Test
    void catalogChecksumMismatchIsCorrupt() throws Exception {
        served.put("/a.zip", zip(Map.of("a.txt", "x")));
        Path cache = tmp.resolve("cache");
        CatalogEntry e = entry(url("/a.zip"), "a.zip", "0".repeat(64));
        IOException ex = assertThrows(IOException.class, () -> new Fetcher(cache, quiet()).fetch("A", e));
        assertTrue(ex.getMessage().contains("does not match the catalog's"), ex.getMessage());
        Files.copy(cache.resolve("A/a.zip.corrupt"), cache.resolve("A/a.zip"));
        assertEquals(LocalState.CORRUPT, LocalState.of("A", e, tmp, cache, LockFile.load(cache)));
    }

    @Test
    void refusesArchivesThatEscapeTheTarget() throws Exception {
        served.put("/evil.zip", zip(Map.of("../../evil.txt", "gotcha")));
        Path cache = tmp.resolve("cache");
        DataFormatException ex = assertThrows(DataFormatException.class,
                () -> new Fetcher(cache, quiet()).fetch("Evil", entry(url("/evil.zip"), "evil.zip", null)));
        assertTrue(ex.getMessage().contains("escapes the target folder"), ex.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertFalse(Files.exists(cache.resolve("evil.txt")));
    }

    /**
     * A hash locked by an older xmcbench from a zip cut short before its central directory (its entries
     * unpacked partially): the next fetch finds the archive damaged, sets it aside, forgets the hash and downloads
     * it again.
     */
    @Test
    void aLockedHashOfADamagedArchiveIsForgottenAndTheFileDownloadedAgain() throws Exception {
        byte[] archive = zip(TestArchives.TINY);
        served.put("/tiny.zip", archive);
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Tiny"));
        byte[] cut = java.util.Arrays.copyOf(archive, TestArchives.centralDirectoryOffset(archive));
        Files.write(cache.resolve("Tiny/tiny.zip"), cut);
        LockFile.load(cache).record("Tiny", "tiny.zip", DatasetReader.sha256(cache.resolve("Tiny/tiny.zip")));
        CatalogEntry e = entry(url("/tiny.zip"), "tiny.zip", null);
        new Fetcher(cache, quiet()).fetch("Tiny", e);
        assertTrue(java.util.Arrays.equals(cut, Files.readAllBytes(cache.resolve("Tiny/tiny.zip.corrupt"))));
        assertTrue(java.util.Arrays.equals(archive, Files.readAllBytes(cache.resolve("Tiny/tiny.zip"))));
        assertEquals(DatasetReader.sha256(cache.resolve("Tiny/tiny.zip")), LockFile.load(cache).get("Tiny", "tiny.zip"));
        assertEquals(LocalState.VERIFIED, LocalState.of("Tiny", e, tmp, cache, LockFile.load(cache)));
    }

    @Test
    void offlineFailsAtOnceAndSaysWhereToPutTheFile() throws IOException {
        Path cache = tmp.resolve("cache");
        // A loopback port nobody listens on: the connection is refused, as with no network, without any traffic.
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CatalogEntry e = entry("http://127.0.0.1:" + closedPort + "/data.zip", "data.zip", null);
        long t0 = System.nanoTime();
        Fetcher.OfflineException ex = assertThrows(Fetcher.OfflineException.class,
                () -> new Fetcher(cache, quiet()).fetch("Offline", e));
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "offline failure must be quick");
        assertTrue(ex.getMessage().contains(cache.resolve("Offline/data.zip").toString()), ex.getMessage());
    }

    @Test
    void filesPlacedByHandAreVerifiedAndLocked() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Hand"));
        Files.write(cache.resolve("Hand/h.zip"), zip(Map.of("H/trn_X_Y.txt", "1 1\n0:1\n")));
        CatalogEntry e = entry(url("/never-requested.zip"), "h.zip", null);
        Path data = new Fetcher(cache, quiet()).fetch("Hand", e);
        assertTrue(Files.exists(data.resolve("h/H/trn_X_Y.txt")));
        assertEquals(LocalState.VERIFIED, LocalState.of("Hand", e, tmp, cache, LockFile.load(cache)));
    }
}
