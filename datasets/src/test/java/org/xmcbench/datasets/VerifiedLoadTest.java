package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.catalog.Fetcher;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;
import org.xmcbench.datasets.catalog.UnpackManifest;

/**
 * Loading a catalogued download re-checks what {@code verify} checks, against the manifest written at unpack
 * time: an edited, added or removed unpacked file, or an archive {@code list} calls corrupt, is refused with the
 * advice to fetch the dataset again, and that advice works.
 */
class VerifiedLoadTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private Path home;
    private Path cache;
    private DatasetResolver resolver;
    private CatalogEntry entry;

    @BeforeEach
    void fetchTiny() throws IOException {
        byte[] archive = TestArchives.zip(TestArchives.TINY);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, archive.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(archive);
            }
        });
        server.start();
        home = tmp.resolve("home");
        cache = tmp.resolve("cache");
        Files.createDirectories(home.resolve("datasets"));
        Files.writeString(home.resolve("datasets/catalog.json"), """
                {"schema": 1, "datasets": {"Tiny": {"family": "xc-repository", "format": "xc",
                 "downloads": [{"url": "http://127.0.0.1:%d/tiny.zip", "file": "tiny.zip", "archive": "zip"}],
                 "stats": {"labels": 3, "train": 2, "test": 1}, "propensity": {"A": 0.55, "B": 1.5}}}}
                """.formatted(server.getAddress().getPort()));
        Catalog catalog = Catalog.ofHome(home);
        entry = catalog.get("Tiny");
        fetch();
        resolver = new DatasetResolver(catalog, home, cache);
        assertEquals(2, resolver.load("Tiny", null, false).trainLabels().rows(), "a fresh fetch loads");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void fetch() throws IOException {
        new Fetcher(cache, TestArchives.quiet()).fetch("Tiny", entry);
    }

    private LocalState.Report check(boolean hashes) throws IOException {
        return LocalState.check("Tiny", entry, home, cache, LockFile.load(cache), hashes);
    }

    private void assertLoadRefused(String why) {
        IOException e = assertThrows(IOException.class, () -> resolver.load("Tiny", null, true));
        assertTrue(e.getMessage().contains(why) && e.getMessage().contains("xmc datasets fetch Tiny"),
                e.getMessage());
    }

    private Path unpacked(String file) {
        return cache.resolve("Tiny/data/tiny/Tiny").resolve(file);
    }

    @Test
    void anUnpackedFileEditedInPlaceFailsVerifyAndIsNotLoaded() throws IOException {
        Path tst = unpacked("tst_X_Y.txt");
        FileTime mtime = Files.getLastModifiedTime(tst);
        Files.writeString(tst, "1 3\n1:1\n"); // same size, same time: only a hash can tell
        Files.setLastModifiedTime(tst, mtime);
        LocalState.Report verify = check(true);
        assertEquals(LocalState.CORRUPT, verify.state());
        assertTrue(verify.problems().get(0).contains("tiny/Tiny/tst_X_Y.txt has changed"), verify.problems().toString());
        assertLoadRefused("tiny/Tiny/tst_X_Y.txt has changed since it was unpacked");

        fetch();
        assertEquals(LocalState.VERIFIED, check(true).state(), "fetching again repairs it");
        assertEquals(1, resolver.load("Tiny", null, false).testLabels().rows());
    }

    @Test
    void anArchiveListCallsCorruptIsNotLoaded() throws IOException {
        Files.write(cache.resolve("Tiny/tiny.zip"), TestArchives.zip(java.util.Map.of("other.txt", "other bytes")));
        assertEquals(LocalState.CORRUPT, LocalState.of("Tiny", entry, home, cache, LockFile.load(cache)));
        assertLoadRefused("tiny.zip has changed since it was unpacked");
        assertThrows(DatasetResolver.NotVerifiedException.class, () -> resolver.locate("Tiny"),
                "runs refuse it before they start");
    }

    @Test
    void aFileAddedToOrMissingFromTheUnpackedDataIsNotLoaded() throws IOException {
        Files.writeString(unpacked("filter_labels_test.txt"), "0 1\n");
        assertEquals(LocalState.CORRUPT, LocalState.of("Tiny", entry, home, cache, LockFile.load(cache)));
        assertLoadRefused("filter_labels_test.txt was not unpacked from a download");
        Files.delete(unpacked("filter_labels_test.txt"));
        Files.delete(unpacked("tst_X_Y.txt"));
        assertLoadRefused("tst_X_Y.txt is missing");
    }

    @Test
    void aFolderLeftInDataByAnInterruptedUnpackIsRefusedAndRemovedByFetch() throws IOException {
        Path stray = Files.createDirectories(cache.resolve("Tiny/data/tiny.extracting/Tiny"));
        Files.writeString(stray.resolve("trn_X_Y.txt"), "1 3\n0:1\n");
        assertLoadRefused("data/tiny.extracting/Tiny/trn_X_Y.txt was not unpacked from a download");
        fetch();
        assertTrue(Files.notExists(cache.resolve("Tiny/data/tiny.extracting")));
        assertEquals(2, resolver.load("Tiny", null, false).trainLabels().rows());
    }

    @Test
    void dataUnpackedWithoutAManifestIsNotLoaded() throws IOException {
        Files.delete(cache.resolve("Tiny").resolve(UnpackManifest.FILE_NAME));
        assertEquals(LocalState.DOWNLOADED, check(true).state());
        assertLoadRefused("was not unpacked completely");
    }

    @Test
    void aLockFileThatNoLongerMatchesTheUnpackedArchiveIsNotLoaded() throws IOException {
        LockFile.load(cache).record("Tiny", "tiny.zip", "0".repeat(64));
        assertEquals(LocalState.CORRUPT, LocalState.of("Tiny", entry, home, cache, LockFile.load(cache)));
        assertLoadRefused("not the locked " + "0".repeat(64));
    }
}
