package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xmc datasets fetch / verify / list / stats} on a downloaded dataset (served on the loopback interface):
 * an unpacked file changed after the fetch makes {@code verify} and {@code list} say so and {@code stats} refuse
 * the dataset, each pointing at {@code xmc datasets fetch NAME}, which repairs it.
 */
class DatasetsCommandsTest {
    @Test
    void listNamesTheNamesPapersGiveEachDataset() {
        CliTest.Result list = CliTest.run("datasets", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("pecos-amazon-670k is also called Amazon-670K by XR-Transformer (NeurIPS 2021); "
                + "ELIAS (NeurIPS 2022)\n") && list.out().contains("pecos-wiki-500k is also called Wiki-500K\n"),
                list.out());
    }

    @Test
    void anEditedDownloadIsReportedAndRefusedUntilFetchedAgain(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("Tiny/trn_X_Y.txt"));
            z.write("2 3\n0:1\n1:1 2:1\n".getBytes(StandardCharsets.US_ASCII));
            z.putNextEntry(new ZipEntry("Tiny/tst_X_Y.txt"));
            z.write("1 3\n2:1\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] archive = zip.toByteArray();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, archive.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(archive);
            }
        });
        server.start();
        Path home = tmp.resolve("home");
        Path cache = tmp.resolve("cache");
        Files.createDirectories(home.resolve("datasets"));
        Files.writeString(home.resolve("datasets/catalog.json"), """
                {"schema": 1, "datasets": {"Tiny": {"family": "xc-repository", "format": "xc",
                 "downloads": [{"url": "http://127.0.0.1:%d/tiny.zip", "file": "tiny.zip", "archive": "zip"}],
                 "propensity": {"A": 0.55, "B": 1.5}}}}
                """.formatted(server.getAddress().getPort()));
        String oldHome = System.getProperty("xmc.home");
        String oldData = System.getProperty("xmc.data");
        PrintStream oldErr = System.err;
        System.setProperty("xmc.home", home.toString());
        System.setProperty("xmc.data", cache.toString());
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, CliTest.run("datasets", "fetch", "Tiny").code());
            CliTest.Result ok = CliTest.run("datasets", "verify", "Tiny");
            assertEquals(0, ok.code(), ok.out());
            assertEquals("Tiny: verified\n", ok.out());

            Files.writeString(cache.resolve("Tiny/data/tiny/Tiny/tst_X_Y.txt"), "1 3\n0:1 2:1\n");
            CliTest.Result verify = CliTest.run("datasets", "verify", "Tiny");
            assertEquals(1, verify.code());
            assertTrue(verify.out().contains("Tiny: corrupt") && verify.out().contains("data/tiny/Tiny/tst_X_Y.txt has")
                    && verify.out().contains("xmc datasets fetch Tiny"), verify.out());
            CliTest.Result list = CliTest.run("datasets", "list");
            assertTrue(list.out().contains("corrupt") && list.out().contains("Tiny: data/tiny/Tiny/tst_X_Y.txt has"),
                    list.out());
            CliTest.Result stats = CliTest.run("datasets", "stats", "Tiny");
            assertEquals(1, stats.code());
            assertTrue(stats.err().contains("tst_X_Y.txt") && stats.err().contains("xmc datasets fetch Tiny"),
                    stats.err());

            assertEquals(0, CliTest.run("datasets", "fetch", "Tiny").code());
            assertEquals(0, CliTest.run("datasets", "verify", "Tiny").code());
            assertEquals(0, CliTest.run("datasets", "stats", "Tiny").code());
        } finally {
            System.setErr(oldErr);
            restore("xmc.home", oldHome);
            restore("xmc.data", oldData);
            server.stop(0);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
