package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * {@code xmc datasets fetch}: downloads each file of a catalog entry into {@code $XMC_DATA/NAME/}, resuming a
 * partial {@code .part} file with an HTTP Range request, shows a progress bar, verifies the SHA-256 before the
 * file is used (recording it in the lock file when the catalog does not know it yet), and unpacks archives into
 * {@code $XMC_DATA/NAME/data}. This is the only code in xmcbench that touches the network.
 */
public final class Fetcher {
    private final Path cache;
    private final LockFile lock;
    private final PrintStream log;
    private final HttpClient http;

    public Fetcher(Path cache, PrintStream log) throws IOException {
        this.cache = cache;
        this.lock = LockFile.load(cache);
        this.log = log;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15)).build();
    }

    /** Thrown when the network cannot be reached; its message says where to put the files by hand. */
    public static final class OfflineException extends IOException {
        public OfflineException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Fetches every download of {@code name}; returns the folder the data was unpacked into. */
    public Path fetch(String name, CatalogEntry entry) throws IOException, InterruptedException {
        if (entry.bundled()) {
            throw new IllegalArgumentException(name + " is bundled with xmcbench (" + entry.path()
                    + "): nothing to fetch");
        }
        Path dir = cache.resolve(name);
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        for (CatalogEntry.Download d : entry.downloads()) {
            Path file = dir.resolve(d.file());
            String expected = d.sha256() != null ? d.sha256() : lock.get(name, d.file());
            if (d.url() == null && !Files.isRegularFile(file)) {
                throw new IOException(name + ": the catalog has no download address for " + d.file()
                        + (d.note() != null ? " (" + d.note() + ")" : "") + ". Put the file by hand at " + file
                        + " and run `xmc datasets fetch " + name + "` again to verify and unpack it");
            }
            if (Files.isRegularFile(file) && verifyPresent(name, d, file, expected)) {
                expected = lock.get(name, d.file()) != null ? lock.get(name, d.file()) : expected;
            } else {
                download(name, d, dir);
                String actual = DatasetReader.sha256(dir.resolve(d.file() + ".part"));
                if (expected != null && !expected.equals(actual)) {
                    Files.move(dir.resolve(d.file() + ".part"), dir.resolve(d.file() + ".corrupt"),
                            StandardCopyOption.REPLACE_EXISTING);
                    throw new IOException(name + "/" + d.file() + ": SHA-256 " + actual + " does not match the "
                            + (d.sha256() != null ? "catalog's " : "locked ") + expected
                            + "; the file was kept as " + d.file() + ".corrupt and not used");
                }
                Files.move(dir.resolve(d.file() + ".part"), file, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                if (expected == null) {
                    lock.record(name, d.file(), actual);
                    log.println(d.file() + ": SHA-256 " + actual + " recorded in " + cache.resolve("catalog.lock.json"));
                } else {
                    log.println(d.file() + ": SHA-256 verified");
                }
            }
            String kind = d.archive() == null ? "none" : d.archive();
            Path unpacked = data.resolve(stripArchiveSuffix(d.file()));
            ArchiveExtractor.extract(file, kind, unpacked);
        }
        return data;
    }

    /**
     * A file already in place (an earlier fetch, or put there by hand): true when it can be used. With no known
     * checksum its hash is locked now; a mismatch sets it aside as .corrupt so it is downloaded again.
     */
    private boolean verifyPresent(String name, CatalogEntry.Download d, Path file, String expected)
            throws IOException {
        String actual = DatasetReader.sha256(file);
        if (expected == null) {
            lock.record(name, d.file(), actual);
            log.println(d.file() + ": found in place; SHA-256 " + actual + " recorded in "
                    + cache.resolve("catalog.lock.json"));
            return true;
        }
        if (expected.equals(actual)) {
            log.println(d.file() + ": already present, SHA-256 verified");
            return true;
        }
        Files.move(file, file.resolveSibling(d.file() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        log.println(d.file() + ": SHA-256 " + actual + " does not match " + expected + "; set aside as "
                + d.file() + ".corrupt, downloading again");
        return false;
    }

    static String stripArchiveSuffix(String file) {
        return file.replaceFirst("(\\.tar\\.gz|\\.tgz|\\.zip|\\.gz)$", "");
    }

    private void download(String name, CatalogEntry.Download d, Path dir) throws IOException, InterruptedException {
        Path part = dir.resolve(d.file() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(d.url())).timeout(Duration.ofMinutes(30));
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
            throw offline(name, d, dir, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnknownHostException || e.getCause() instanceof ConnectException) {
                throw offline(name, d, dir, e);
            }
            throw e;
        }
        int status = resp.statusCode();
        boolean resumed = status == 206;
        if (status == 416 && have > 0) {
            resp.body().close();
            return; // the .part file is already complete
        }
        if (status != 200 && status != 206) {
            resp.body().close();
            throw new IOException(name + ": " + d.url() + " answered HTTP " + status);
        }
        String type = resp.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/html")) {
            resp.body().close();
            throw new IOException(name + ": " + d.url() + " returned an HTML page instead of " + d.file()
                    + " (a login or confirmation page?). Download it in a browser and put it at "
                    + dir.resolve(d.file()));
        }
        long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = length < 0 ? -1 : (resumed ? have + length : length);
        StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = resp.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
             ProgressBar bar = new ProgressBarBuilder().setTaskName(d.file()).setInitialMax(total)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).showSpeed()
                     .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(log)).build()) {
            bar.stepTo(resumed ? have : 0);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                bar.stepBy(n);
            }
        }
    }

    private OfflineException offline(String name, CatalogEntry.Download d, Path dir, Exception e) {
        return new OfflineException("cannot reach " + URI.create(d.url()).getHost() + " (" + e
                + "): no network? Download " + d.url() + " by hand and put it at " + dir.resolve(d.file())
                + ", then run `xmc datasets fetch " + name + "` again to verify and unpack it", e);
    }
}
