package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.Fetcher;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * Fetches running at once: two of one dataset run one after the other (a per-dataset lock, held against other
 * threads and other processes), and two of different datasets both keep their entry in the lock file.
 */
class ConcurrentFetchTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    /** Serves slowly, in small pieces, so fetches running at once overlap. */
    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = served.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < body.length; i += 64) {
                    out.write(body, i, Math.min(64, body.length - i));
                    out.flush();
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.stop(0);
    }

    private CatalogEntry serve(String file, byte[] archive) {
        served.put("/" + file, archive);
        return TestArchives.entry("http://127.0.0.1:" + server.getAddress().getPort() + "/" + file, file, "zip");
    }

    private void bothSucceed(Callable<?> a, Callable<?> b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = List.of(pool.submit(() -> {
            go.await();
            return a.call();
        }), pool.submit(() -> {
            go.await();
            return b.call();
        }));
        go.countDown();
        for (Future<?> f : runs) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoFetchesOfOneDatasetRunOneAfterTheOther() throws Exception {
        byte[] archive = TestArchives.zip(TestArchives.TINY);
        CatalogEntry e = serve("tiny.zip", archive);
        Path cache = tmp.resolve("cache");
        bothSucceed(() -> new Fetcher(cache, TestArchives.quiet()).fetch("Tiny", e),
                () -> new Fetcher(cache, TestArchives.quiet()).fetch("Tiny", e));
        assertEquals(1, requests.get(), "the second fetch found the first one's verified download");
        assertArrayEquals(archive, Files.readAllBytes(cache.resolve("Tiny/tiny.zip")));
        assertEquals(DatasetReader.sha256(cache.resolve("Tiny/tiny.zip")), LockFile.load(cache).get("Tiny", "tiny.zip"));
        assertEquals(LocalState.VERIFIED, LocalState.check("Tiny", e, tmp, cache, LockFile.load(cache), true).state());
    }

    @Test
    void twoFetchesOfDifferentDatasetsKeepBothLockEntries() throws Exception {
        CatalogEntry a = serve("a.zip", TestArchives.zip(TestArchives.TINY));
        CatalogEntry b = serve("b.zip", TestArchives.zip(Map.of("B/trn_X_Y.txt", "1 2\n0:1\n")));
        Path cache = tmp.resolve("cache");
        Fetcher fa = new Fetcher(cache, TestArchives.quiet());
        Fetcher fb = new Fetcher(cache, TestArchives.quiet());
        bothSucceed(() -> fa.fetch("A", a), () -> fb.fetch("B", b));
        LockFile lock = LockFile.load(cache);
        assertEquals(DatasetReader.sha256(cache.resolve("A/a.zip")), lock.get("A", "a.zip"));
        assertEquals(DatasetReader.sha256(cache.resolve("B/b.zip")), lock.get("B", "b.zip"));
    }

    /** Holds the OS lock another xmcbench process would hold on a dataset's fetch, until its stdin closes. */
    public static final class HoldLock {
        public static void main(String[] args) throws IOException {
            try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); var held = ch.lock()) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            }
        }
    }

    @Test
    void aFetchWaitsForAnotherProcessFetchingTheSameDataset() throws Exception {
        CatalogEntry e = serve("tiny.zip", TestArchives.zip(TestArchives.TINY));
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("Tiny"));
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldLock.class.getName(),
                cache.resolve("Tiny/.fetch.lock").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            Future<Path> fetch = pool.submit(() -> new Fetcher(cache, TestArchives.quiet()).fetch("Tiny", e));
            Thread.sleep(1500);
            assertEquals(0, requests.get(), "no download while the other process holds the dataset's lock");
            other.getOutputStream().close();
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            fetch.get(60, TimeUnit.SECONDS);
            assertEquals(1, requests.get());
        } finally {
            other.destroyForcibly();
        }
    }
}
