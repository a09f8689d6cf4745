package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xmcbench.datasets.layout.DatasetReader;

/** What is on this machine for a catalog entry. */
public enum LocalState {
    /** Nothing downloaded (or a bundled file is absent). */
    MISSING,
    /** Files present but not verifiable yet: a partial download, or files placed by hand with no known checksum. */
    DOWNLOADED,
    /** Every file matches the catalog's (or the lock file's) SHA-256. */
    VERIFIED,
    /** A file's SHA-256 disagrees with the catalog or the lock file. */
    CORRUPT;

    public static LocalState of(String name, CatalogEntry e, Path home, Path cache, LockFile lock)
            throws IOException {
        if (e.bundled()) {
            Path dir = home.resolve(e.path());
            for (Map.Entry<String, String> f : e.files().entrySet()) {
                Path p = dir.resolve(f.getKey());
                if (!Files.isRegularFile(p)) {
                    return MISSING;
                }
                if (!DatasetReader.sha256(p).equals(f.getValue())) {
                    return CORRUPT;
                }
            }
            return VERIFIED;
        }
        Path dir = cache.resolve(name);
        boolean anyPresent = false;
        boolean allVerified = true;
        for (CatalogEntry.Download d : e.downloads()) {
            Path p = dir.resolve(d.file());
            if (!Files.isRegularFile(p)) {
                allVerified = false;
                anyPresent |= Files.isRegularFile(dir.resolve(d.file() + ".part"));
                continue;
            }
            anyPresent = true;
            String expected = d.sha256() != null ? d.sha256() : lock.get(name, d.file());
            if (expected == null) {
                allVerified = false;
            } else if (!DatasetReader.sha256(p).equals(expected)) {
                return CORRUPT;
            }
        }
        if (allVerified && !e.downloads().isEmpty()) {
            return VERIFIED;
        }
        return anyPresent ? DOWNLOADED : MISSING;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
