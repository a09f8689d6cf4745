package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.datasets.layout.Layout;

/**
 * Turns what a user typed ({@code debian-tags}, {@code EURLex-4K}, or a folder path) into a loaded dataset: a
 * catalog name resolves to its bundled folder or its unpacked download, gets the catalog's propensity constants,
 * and is refused when its statistics disagree with the catalog (unless forced).
 *
 * <p>A catalogued download is used only as {@code fetch} left it, re-checking what {@code xmc datasets verify}
 * checks: before reading, that every download has a manifest entry made from an archive with the catalog's (or
 * the lock file's) SHA-256, that the archive, where still present, has the size it had then (a changed archive
 * is what {@code list} calls corrupt), and that {@code data/} holds exactly the unpacked files at their sizes;
 * after reading, that the SHA-256 of every file read equals the manifest's. The choice: hashing everything up
 * front would read a multi-gigabyte dataset twice more; the reader already hashes each file it reads (for the
 * run record), so comparing those hashes checks every byte that is used at no extra cost. Files the reader does
 * not read, and the archive's own hash, are checked by {@code verify}. Bundled datasets are checked the same way
 * against the catalog's hashes of their files.
 */
public final class DatasetResolver {
    private final Catalog catalog;
    private final Path home;
    private final Path cache;

    public DatasetResolver(Catalog catalog, Path home, Path cache) {
        this.catalog = catalog;
        this.home = home;
        this.cache = cache;
    }

    public static DatasetResolver standard() throws IOException {
        Path home = DataHome.home();
        return new DatasetResolver(Catalog.ofHomeOrEmpty(home), home, DataHome.cache());
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Thrown when a catalogued dataset's statistics disagree with the catalog. */
    public static final class StatsMismatchException extends IOException {
        public StatsMismatchException(String message) {
            super(message);
        }
    }

    /** Thrown when a catalogued download is not as {@code fetch} verified and unpacked it. */
    public static final class NotVerifiedException extends IOException {
        NotVerifiedException(String name, Path dir, List<String> problems) {
            super(name + ": the download in " + dir + " cannot be used: "
                    + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + (problems.size() > 3 ? " (and " + (problems.size() - 3) + " more)" : "")
                    + ". Run `xmc datasets fetch " + name + "` again to check and unpack it afresh");
        }
    }

    /** A located dataset folder, and the manifest it must agree with when it is a catalogued download. */
    private record Located(Path dir, UnpackManifest manifest) {}

    /** The folder holding the dataset's files for a catalog name, or the path itself. */
    public Path locate(String nameOrPath) throws IOException {
        return find(nameOrPath).dir();
    }

    private Located find(String nameOrPath) throws IOException {
        String name = catalog.canonicalName(nameOrPath);
        if (name == null) {
            Path p = Path.of(nameOrPath);
            if (Files.isDirectory(p)) {
                return new Located(p, null);
            }
            throw new IOException("'" + nameOrPath + "' is neither a catalogued dataset (see `xmc datasets list`) "
                    + "nor a folder" + (Files.isRegularFile(catalog.file()) ? "" : " (no catalog at " + catalog.file()
                    + ": set XMC_HOME to the xmcbench checkout)"));
        }
        CatalogEntry e = catalog.get(name);
        if (e.bundled()) {
            return new Located(home.resolve(e.path()), null);
        }
        Path data = cache.resolve(name).resolve("data");
        if (!Files.isDirectory(data)) {
            throw new IOException(name + " is not downloaded: run `xmc datasets fetch " + name + "` (looked in "
                    + data + ")");
        }
        UnpackManifest manifest = requireAsUnpacked(name, e);
        Path found = findLayoutFolder(data);
        if (found == null) {
            throw new IOException(name + ": no dataset layout found in " + data + " (is the catalog entry's "
                    + "archive the right one?)");
        }
        return new Located(found, manifest);
    }

    /** The manifest of a download whose state is as {@code fetch} left it, short of hashing; else refused. */
    private UnpackManifest requireAsUnpacked(String name, CatalogEntry e) throws IOException {
        Path dir = cache.resolve(name);
        UnpackManifest m;
        try {
            m = UnpackManifest.load(dir);
        } catch (DataFormatException bad) {
            throw new NotVerifiedException(name, dir, List.of(bad.getMessage()));
        }
        LockFile lock = LockFile.load(cache);
        List<String> problems = new ArrayList<>();
        for (CatalogEntry.Download d : e.downloads()) {
            UnpackManifest.Unpacked u = m.get(d.file());
            String expected = d.sha256() != null ? d.sha256() : lock.get(name, d.file());
            Path archive = dir.resolve(d.file());
            if (u == null) {
                problems.add(d.file() + " was not unpacked completely by this version of `xmc datasets fetch` "
                        + "(no entry in " + m.file().getFileName() + ")");
            } else if (expected == null) {
                problems.add(d.file() + " has no SHA-256 in the catalog or the lock file");
            } else if (!u.sha256().equals(expected)) {
                problems.add("data/" + u.unpackedTo() + " was unpacked from an archive with SHA-256 " + u.sha256()
                        + ", not the " + (d.sha256() != null ? "catalog's " : "locked ") + expected);
            } else if (Files.isRegularFile(archive) && Files.size(archive) != u.size()) {
                problems.add(d.file() + " has changed since it was unpacked (" + Files.size(archive)
                        + " bytes, then " + u.size() + ")");
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(m.problems(dir.resolve("data"), false));
        }
        if (!problems.isEmpty()) {
            throw new NotVerifiedException(name, dir, problems);
        }
        return m;
    }

    static Path findLayoutFolder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(root, 4)) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted().toList();
            for (Path d : dirs) {
                if (Layout.detect(d) != null) {
                    return d;
                }
            }
        }
        return null;
    }

    public XmcDataset load(String nameOrPath, Layout layout, boolean force) throws IOException {
        return load(nameOrPath, layout, force, true);
    }

    /** {@code texts} false skips raw texts kept in side files (see {@link DatasetReader#read(Path, Layout, boolean)}). */
    public XmcDataset load(String nameOrPath, Layout layout, boolean force, boolean texts) throws IOException {
        Located at = find(nameOrPath);
        Path dir = at.dir();
        XmcDataset d = DatasetReader.read(dir, layout, texts);
        String name = catalog.canonicalName(nameOrPath);
        if (name == null) {
            return d;
        }
        CatalogEntry e = catalog.get(name);
        requireHashesAsRecorded(name, e, at, d.fileSha256());
        List<String> diffs = DatasetStats.of(d).differencesFrom(e.stats());
        if (!diffs.isEmpty() && !force) {
            throw new StatsMismatchException(name + " at " + dir + " does not have the catalog's statistics ("
                    + String.join("; ", diffs) + "). Wrong version or a damaged copy? Use --force to load it anyway.");
        }
        d = d.withName(name);
        if (e.propensity() != null) {
            d = d.withPropensity(e.propensity().a(), e.propensity().b());
        }
        return d;
    }

    /** The SHA-256 of every file read against the manifest (a download) or the catalog (a bundled dataset). */
    private void requireHashesAsRecorded(String name, CatalogEntry e, Located at, Map<String, String> read)
            throws IOException {
        List<String> problems = new ArrayList<>();
        Path data = cache.resolve(name).resolve("data").toAbsolutePath().normalize();
        for (Map.Entry<String, String> f : read.entrySet()) {
            if (at.manifest() != null) {
                String rel = data.relativize(at.dir().resolve(f.getKey()).toAbsolutePath().normalize()).toString()
                        .replace('\\', '/');
                if (!f.getValue().equals(at.manifest().sha256Of(rel))) {
                    problems.add("data/" + rel + " has changed since it was unpacked (SHA-256 differs)");
                }
            } else if (e.bundled() && e.files().containsKey(f.getKey())
                    && !e.files().get(f.getKey()).equals(f.getValue())) {
                problems.add(at.dir().resolve(f.getKey()) + " does not match the catalog's SHA-256 (restore it "
                        + "from the repository, e.g. with git checkout)");
            }
        }
        if (!problems.isEmpty()) {
            if (e.bundled()) {
                throw new IOException(name + ": " + String.join("; ", problems));
            }
            throw new NotVerifiedException(name, cache.resolve(name), problems);
        }
    }
}
