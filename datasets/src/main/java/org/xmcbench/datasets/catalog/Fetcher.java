package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * {@code xmc datasets fetch}: downloads each file of a catalog entry into {@code $XMC_DATA/NAME/} (see
 * {@link PartialDownload}: resumed, and only ever accepted complete), checks its SHA-256 against the catalog or
 * the lock file, unpacks it into {@code $XMC_DATA/NAME/data} (see {@link ArchiveExtractor}: the unpack is also the
 * archive's integrity check) and only then records a hash the catalog does not know in the lock file and the
 * unpacked files in the {@link UnpackManifest}. A download that is damaged is set aside as {@code .corrupt} and
 * never trusted. The whole of it runs under a per-dataset lock ({@code NAME/.fetch.lock}), so two fetches of one
 * dataset (two shells, two Slurm jobs) run one after the other. This is the only code in xmcbench that touches
 * the network.
 */
public final class Fetcher {
    private final Path cache;
    private final PrintStream log;
    private final FetchSettings settings;

    public Fetcher(Path cache, PrintStream log) {
        this(cache, log, FetchSettings.DEFAULTS);
    }

    public Fetcher(Path cache, PrintStream log, FetchSettings settings) {
        this.cache = cache;
        this.log = log;
        this.settings = settings;
    }

    /** Thrown when the network cannot be reached; its message says where to put the files by hand. */
    public static final class OfflineException extends IOException {
        public OfflineException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Fetches every download of {@code name}; returns the folder the data was unpacked into. */
    public Path fetch(String name, CatalogEntry entry) throws IOException {
        if (entry.bundled()) {
            throw new IllegalArgumentException(name + " is bundled with xmcbench (" + entry.path()
                    + "): nothing to fetch");
        }
        Path dir = cache.resolve(name);
        Files.createDirectories(dir);
        try (CacheLock held = CacheLock.acquire(dir.resolve(".fetch.lock"),
                () -> log.println(name + ": another fetch of it is running; waiting for it to finish"))) {
            LockFile lock = LockFile.load(cache);
            UnpackManifest manifest = UnpackManifest.load(dir);
            for (CatalogEntry.Download d : entry.downloads()) {
                fetchOne(name, d, dir, lock, manifest);
            }
            removeStrays(dir.resolve("data"), entry);
        }
        return dir.resolve("data");
    }

    /**
     * Deletes what no download unpacked from {@code data/} (a temporary folder an older version left behind, a
     * file put there by hand), which loading would refuse.
     */
    private void removeStrays(Path data, CatalogEntry entry) throws IOException {
        if (!Files.isDirectory(data)) {
            return;
        }
        java.util.Set<String> unpacked = new java.util.HashSet<>();
        entry.downloads().forEach(d -> unpacked.add(stripArchiveSuffix(d.file())));
        try (var s = Files.list(data)) {
            for (Path p : s.filter(p -> !unpacked.contains(p.getFileName().toString())).toList()) {
                ArchiveExtractor.deleteRecursively(p);
                log.println("removed " + p + ": no download unpacks to it");
            }
        }
    }

    private void fetchOne(String name, CatalogEntry.Download d, Path dir, LockFile lock, UnpackManifest manifest)
            throws IOException {
        Path file = dir.resolve(d.file());
        String expected = d.sha256() != null ? d.sha256() : lock.get(name, d.file());
        if (Files.isRegularFile(file)) {
            String actual = DatasetReader.sha256(file);
            if (expected != null && !expected.equals(actual)) {
                setAside(file, d);
                log.println(d.file() + ": SHA-256 " + actual + " does not match " + expected + "; set aside as "
                        + d.file() + ".corrupt, downloading again");
            } else {
                try {
                    unpack(name, d, file, actual, expected == null, lock, manifest);
                    return;
                } catch (ArchiveExtractor.DamagedArchiveException e) {
                    setAside(file, d);
                    if (d.sha256() == null && expected != null) {
                        // Locked by an earlier fetch that did not check the archive: that trust was misplaced.
                        lock.remove(name, d.file());
                    }
                    expected = d.sha256();
                    log.println(e.getMessage() + "; set aside as " + d.file() + ".corrupt"
                            + (expected == null ? " and its SHA-256 forgotten" : "") + ", downloading again");
                }
            }
        }
        if (d.url() == null) {
            throw new IOException(name + ": the catalog has no download address for " + d.file()
                    + (d.note() != null ? " (" + d.note() + ")" : "") + ". Put the file by hand at " + file
                    + " and run `xmc datasets fetch " + name + "` again to verify and unpack it");
        }
        Path part = dir.resolve(d.file() + ".part");
        try {
            new PartialDownload(settings, log).fetch(URI.create(d.url()), part);
        } catch (PartialDownload.UnreachableException e) {
            throw offline(name, d, dir, e.getCause());
        } catch (IOException e) {
            throw new IOException(name + "/" + d.file() + ": " + e.getMessage(), e);
        }
        String actual = DatasetReader.sha256(part);
        if (expected != null && !expected.equals(actual)) {
            setAside(part, d);
            throw new IOException(name + "/" + d.file() + ": SHA-256 " + actual + " does not match the "
                    + (d.sha256() != null ? "catalog's " : "locked ") + expected
                    + "; the file was kept as " + d.file() + ".corrupt and not used");
        }
        try {
            unpack(name, d, part, actual, expected == null, lock, manifest);
        } catch (ArchiveExtractor.DamagedArchiveException e) {
            setAside(part, d);
            throw new IOException(name + "/" + d.file() + ": the download is damaged or incomplete (" + e.getMessage()
                    + "); kept as " + d.file() + ".corrupt, not unpacked, its SHA-256 not recorded. Run `xmc datasets "
                    + "fetch " + name + "` again", e);
        } catch (DataFormatException refused) {
            // Complete but refused (limits, links, paths): keep it in place so a retry need not download it, but
            // record nothing.
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            throw refused;
        }
    }

    /**
     * Unpacks {@code archive} (the download in place, or its finished {@code .part}); only when that succeeded is
     * the download moved into place, its hash locked (when {@code lockIt}) and the manifest written.
     */
    private void unpack(String name, CatalogEntry.Download d, Path archive, String sha, boolean lockIt,
            LockFile lock, UnpackManifest manifest) throws IOException {
        String kind = d.archive() == null ? "none" : d.archive();
        String to = stripArchiveSuffix(d.file());
        Path dir = archive.getParent();
        manifest.remove(d.file()); // the folder is about to be replaced: its old entry no longer describes it
        Map<String, ArchiveExtractor.FileRecord> files =
                ArchiveExtractor.extract(archive, d.file(), kind, dir.resolve("data").resolve(to), settings.unpack());
        Path file = dir.resolve(d.file());
        if (!archive.equals(file)) {
            Files.move(archive, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        if (lockIt) {
            lock.record(name, d.file(), sha);
            log.println(d.file() + ": complete; SHA-256 " + sha + " recorded in " + cache.resolve("catalog.lock.json"));
        } else {
            log.println(d.file() + ": complete, SHA-256 verified");
        }
        manifest.put(d.file(), new UnpackManifest.Unpacked(sha, Files.size(file), to, files));
    }

    private static void setAside(Path path, CatalogEntry.Download d) throws IOException {
        Files.move(path, path.resolveSibling(d.file() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
    }

    static String stripArchiveSuffix(String file) {
        return file.replaceFirst("(\\.tar\\.gz|\\.tgz|\\.zip|\\.gz)$", "");
    }

    private OfflineException offline(String name, CatalogEntry.Download d, Path dir, Throwable e) {
        return new OfflineException("cannot reach " + URI.create(d.url()).getHost() + " (" + e
                + "): no network? Download " + d.url() + " by hand and put it at " + dir.resolve(d.file())
                + ", then run `xmc datasets fetch " + name + "` again to verify and unpack it", e);
    }
}
