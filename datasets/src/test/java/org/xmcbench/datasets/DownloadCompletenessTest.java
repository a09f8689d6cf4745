package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.FetchSettings;
import org.xmcbench.datasets.catalog.Fetcher;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;
import org.xmcbench.datasets.catalog.UnpackLimits;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * A download is locked and unpacked only when it is provably complete, against a loopback server that answers
 * the way broken servers and networks do: a body cut short with or without a Content-Length, a 206 that restarts
 * at byte 0, a 416 beside a garbage {@code .part}, and a server that stalls after its headers.
 */
class DownloadCompletenessTest {
    @TempDir
    Path tmp;

    private RawHttpServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static final FetchSettings FAST =
            new FetchSettings(Duration.ofSeconds(5), Duration.ofMillis(500), UnpackLimits.DEFAULTS);

    private Fetcher fetcher(Path cache) {
        return new Fetcher(cache, TestArchives.quiet(), FAST);
    }

    /** Answers like a correct server: 200 with the whole body, or 206 with the requested range. */
    private static RawHttpServer.Script correct(byte[] body) {
        return (head, out) -> {
            String range = RawHttpServer.header(head, "Range");
            if (range == null) {
                out.write(RawHttpServer.head("200 OK", "Content-Length: " + body.length));
                out.write(body);
                return;
            }
            int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            if (from >= body.length) {
                out.write(RawHttpServer.head("416 Range Not Satisfiable", "Content-Range: bytes */" + body.length,
                        "Content-Length: 0"));
                return;
            }
            out.write(RawHttpServer.head("206 Partial Content", "Content-Length: " + (body.length - from),
                    "Content-Range: bytes " + from + "-" + (body.length - 1) + "/" + body.length));
            out.write(body, from, body.length - from);
        };
    }

    private void assertNothingTrusted(Path cache, String name, CatalogEntry e) throws IOException {
        assertNull(LockFile.load(cache).get(name, e.downloads().get(0).file()), "no hash locked");
        assertNotEquals(LocalState.VERIFIED, LocalState.of(name, e, tmp, cache, LockFile.load(cache)));
        assertFalse(Files.exists(cache.resolve(name).resolve("data")), "nothing unpacked");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsNotAcceptedAndIsResumedLater() throws Exception {
        byte[] archive = TestArchives.zip(TestArchives.TINY);
        server = new RawHttpServer((head, out) -> {
            out.write(RawHttpServer.head("200 OK", "Content-Length: " + archive.length));
            out.write(archive, 0, archive.length / 2);
        });
        Path cache = tmp.resolve("cache");
        CatalogEntry e = TestArchives.entry(server.url("/tiny.zip"), "tiny.zip", "zip");
        IOException ex = assertThrows(IOException.class, () -> fetcher(cache).fetch("Tiny", e));
        assertTrue(ex.getMessage().contains("resume"), ex.getMessage());
        assertNothingTrusted(cache, "Tiny", e);

        server.setScript(correct(archive));
        fetcher(cache).fetch("Tiny", e);
        assertTrue(RawHttpServer.header(server.requests().get(1), "Range").startsWith("bytes=" + archive.length / 2),
                "the kept part was resumed");
        assertArrayEquals(archive, Files.readAllBytes(cache.resolve("Tiny/tiny.zip")));
        assertEquals(LocalState.VERIFIED, LocalState.of("Tiny", e, tmp, cache, LockFile.load(cache)));
    }

    /** Without a Content-Length a cut body looks complete over HTTP: the archive's own checks must catch it. */
    @ParameterizedTest
    @ValueSource(strings = {"zip-half", "zip-without-central-directory", "tar.gz-half"})
    void aBodyCutShortWithoutContentLengthIsRefusedByTheArchiveCheck(String how) throws Exception {
        boolean tar = how.startsWith("tar.gz");
        byte[] archive = tar ? TestArchives.tarGz(TestArchives.TINY, null, (byte) 0)
                : TestArchives.zip(TestArchives.TINY);
        int cut = how.equals("zip-without-central-directory") ? TestArchives.centralDirectoryOffset(archive)
                : archive.length / 2;
        server = new RawHttpServer((head, out) -> {
            out.write(RawHttpServer.head("200 OK", "Content-Type: application/octet-stream"));
            out.write(archive, 0, cut);
        });
        Path cache = tmp.resolve("cache");
        String file = tar ? "tiny.tar.gz" : "tiny.zip";
        CatalogEntry e = TestArchives.entry(server.url("/" + file), file, tar ? "tar.gz" : "zip");
        IOException ex = assertThrows(IOException.class, () -> fetcher(cache).fetch("Tiny", e));
        assertTrue(ex.getMessage().contains("damaged or incomplete") && ex.getMessage().contains(file + ".corrupt"),
                ex.getMessage());
        assertNothingTrusted(cache, "Tiny", e);
        assertFalse(Files.exists(cache.resolve("Tiny/" + file)), "the cut download is not in place");
    }

    @Test
    void a206ThatRestartsAtByteZeroStartsTheFileOverInsteadOfAppending() throws Exception {
        byte[] archive = TestArchives.zip(TestArchives.TINY);
        server = new RawHttpServer((head, out) -> {
            out.write(RawHttpServer.head("206 Partial Content", "Content-Length: " + archive.length,
                    "Content-Range: bytes 0-" + (archive.length - 1) + "/" + archive.length));
            out.write(archive);
        });
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Tiny"));
        Files.write(cache.resolve("Tiny/tiny.zip.part"), Arrays.copyOf(archive, archive.length / 3));
        CatalogEntry e = TestArchives.entry(server.url("/tiny.zip"), "tiny.zip", "zip");
        fetcher(cache).fetch("Tiny", e);
        assertArrayEquals(archive, Files.readAllBytes(cache.resolve("Tiny/tiny.zip")));
        assertEquals(DatasetReader.sha256(cache.resolve("Tiny/tiny.zip")), LockFile.load(cache).get("Tiny", "tiny.zip"));
    }

    @Test
    void a206AtAnotherOffsetThanThePartIsAnError() throws Exception {
        byte[] archive = TestArchives.zip(TestArchives.TINY);
        server = new RawHttpServer((head, out) -> {
            out.write(RawHttpServer.head("206 Partial Content", "Content-Length: " + (archive.length - 5),
                    "Content-Range: bytes 5-" + (archive.length - 1) + "/" + archive.length));
            out.write(archive, 5, archive.length - 5);
        });
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Tiny"));
        Files.write(cache.resolve("Tiny/tiny.zip.part"), Arrays.copyOf(archive, 40));
        CatalogEntry e = TestArchives.entry(server.url("/tiny.zip"), "tiny.zip", "zip");
        IOException ex = assertThrows(IOException.class, () -> fetcher(cache).fetch("Tiny", e));
        assertTrue(ex.getMessage().contains("resume at byte 40") && ex.getMessage().contains("starting at byte 5"),
                ex.getMessage());
        assertNothingTrusted(cache, "Tiny", e);
        assertEquals(40, Files.size(cache.resolve("Tiny/tiny.zip.part")), "nothing appended");
    }

    @Test
    void a416BesideAGarbagePartDiscardsItAndFetchesTheFileAnew() throws Exception {
        byte[] archive = TestArchives.zip(TestArchives.TINY);
        server = new RawHttpServer(correct(archive));
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Tiny"));
        byte[] garbage = new byte[archive.length];
        Arrays.fill(garbage, (byte) 'x');
        Files.write(cache.resolve("Tiny/tiny.zip.part"), garbage);
        CatalogEntry e = TestArchives.entry(server.url("/tiny.zip"), "tiny.zip", "zip");
        fetcher(cache).fetch("Tiny", e);
        assertEquals(2, server.requests().size(), "a Range request answered 416, then a whole download");
        assertArrayEquals(archive, Files.readAllBytes(cache.resolve("Tiny/tiny.zip")));
        assertEquals(DatasetReader.sha256(cache.resolve("Tiny/tiny.zip")), LockFile.load(cache).get("Tiny", "tiny.zip"));
        assertEquals(LocalState.VERIFIED, LocalState.of("Tiny", e, tmp, cache, LockFile.load(cache)));
    }

    @Test
    void aServerThatStallsAfterItsHeadersFailsWithinTheReadTimeout() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server = new RawHttpServer((head, out) -> {
            out.write(RawHttpServer.head("200 OK", "Content-Length: 100000"));
            out.write("PK".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            release.await();
        });
        Path cache = tmp.resolve("cache");
        CatalogEntry e = TestArchives.entry(server.url("/stall.zip"), "stall.zip", "zip");
        long t0 = System.nanoTime();
        IOException ex = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IOException.class, () -> fetcher(cache).fetch("Stall", e)));
        release.countDown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "failed after " + seconds + " s");
        assertTrue(ex.getMessage().contains("read timeout"), ex.getMessage());
        assertNothingTrusted(cache, "Stall", e);
    }
}
