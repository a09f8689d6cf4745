package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.layout.DatasetReader;

/** What is on this machine for a catalog entry. */
public enum LocalState {
    /** Nothing downloaded (or a bundled file is absent). */
    MISSING,
    /**
     * Files present but not verifiable yet: a partial download, files placed by hand with no known checksum, or
     * a download not (completely) unpacked by {@code fetch}.
     */
    DOWNLOADED,
    /** Every file matches the catalog's (or the lock file's) SHA-256, and the unpacked files their manifest. */
    VERIFIED,
    /** A file's SHA-256 disagrees with the catalog or the lock file, or an unpacked file with its manifest. */
    CORRUPT;

    /** A state and what led to it, one line per file concerned (empty when verified). */
    public record Report(LocalState state, List<String> problems) {}

    /** The state for {@code list}: archives hashed, unpacked files checked by size against their manifest. */
    public static LocalState of(String name, CatalogEntry e, Path home, Path cache, LockFile lock)
            throws IOException {
        return check(name, e, home, cache, lock, false).state();
    }

    /**
     * The state and its reasons; {@code hashUnpacked} also hashes every unpacked file ({@code verify}), which
     * reads the whole dataset once more.
     */
    public static Report check(String name, CatalogEntry e, Path home, Path cache, LockFile lock,
            boolean hashUnpacked) throws IOException {
        List<String> problems = new ArrayList<>();
        if (e.bundled()) {
            Path dir = home.resolve(e.path());
            for (Map.Entry<String, String> f : e.files().entrySet()) {
                Path p = dir.resolve(f.getKey());
                if (!Files.isRegularFile(p)) {
                    return new Report(MISSING, List.of(p + " is missing"));
                }
                if (!DatasetReader.sha256(p).equals(f.getValue())) {
                    problems.add(p + " does not match the catalog's SHA-256");
                }
            }
            return new Report(problems.isEmpty() ? VERIFIED : CORRUPT, problems);
        }
        Path dir = cache.resolve(name);
        UnpackManifest manifest;
        try {
            manifest = UnpackManifest.load(dir);
        } catch (DataFormatException bad) {
            return new Report(CORRUPT, List.of(bad.getMessage()));
        }
        boolean anyPresent = false;
        boolean corrupt = false;
        for (CatalogEntry.Download d : e.downloads()) {
            Path p = dir.resolve(d.file());
            if (!Files.isRegularFile(p)) {
                boolean partial = Files.isRegularFile(dir.resolve(d.file() + ".part"));
                anyPresent |= partial;
                problems.add(d.file() + (partial ? " is partly downloaded" : " is not downloaded"));
                continue;
            }
            anyPresent = true;
            String expected = d.sha256() != null ? d.sha256() : lock.get(name, d.file());
            if (expected == null) {
                problems.add(d.file() + " has no known SHA-256 yet: `xmc datasets fetch " + name
                        + "` checks and records it");
                continue;
            }
            String actual = DatasetReader.sha256(p);
            UnpackManifest.Unpacked u = manifest.get(d.file());
            if (!actual.equals(expected)) {
                corrupt = true;
                problems.add(d.file() + ": SHA-256 " + actual + " does not match the "
                        + (d.sha256() != null ? "catalog's " : "locked ") + expected);
            } else if (u == null) {
                problems.add(d.file() + " is not unpacked (or was unpacked by an older xmcbench, without a "
                        + "manifest)");
            } else if (!u.sha256().equals(actual)) {
                corrupt = true;
                problems.add(d.file() + ": data/" + u.unpackedTo() + " was unpacked from another archive");
            }
        }
        if (corrupt) {
            return new Report(CORRUPT, problems);
        }
        if (!problems.isEmpty() || e.downloads().isEmpty()) {
            return new Report(anyPresent ? DOWNLOADED : MISSING, problems);
        }
        problems.addAll(manifest.problems(dir.resolve("data"), hashUnpacked));
        return new Report(problems.isEmpty() ? VERIFIED : CORRUPT, problems);
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
