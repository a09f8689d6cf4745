package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.layout.DatasetReader;
import org.xmcbench.datasets.layout.Layout;

/**
 * Turns what a user typed ({@code debian-tags}, {@code EURLex-4K}, or a folder path) into a loaded dataset: a
 * catalog name resolves to its bundled folder or its unpacked download, gets the catalog's propensity constants,
 * and is refused when its statistics disagree with the catalog (unless forced).
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

    /** The folder holding the dataset's files for a catalog name, or the path itself. */
    public Path locate(String nameOrPath) throws IOException {
        String name = catalog.canonicalName(nameOrPath);
        if (name == null) {
            Path p = Path.of(nameOrPath);
            if (Files.isDirectory(p)) {
                return p;
            }
            throw new IOException("'" + nameOrPath + "' is neither a catalogued dataset (see `xmc datasets list`) "
                    + "nor a folder" + (Files.isRegularFile(catalog.file()) ? "" : " (no catalog at " + catalog.file()
                    + ": set XMC_HOME to the xmcbench checkout)"));
        }
        CatalogEntry e = catalog.get(name);
        if (e.bundled()) {
            return home.resolve(e.path());
        }
        Path data = cache.resolve(name).resolve("data");
        Path found = findLayoutFolder(data);
        if (found == null) {
            throw new IOException(name + " is not downloaded: run `xmc datasets fetch " + name + "` (looked in "
                    + data + ")");
        }
        return found;
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
        Path dir = locate(nameOrPath);
        XmcDataset d = DatasetReader.read(dir, layout, texts);
        String name = catalog.canonicalName(nameOrPath);
        if (name == null) {
            return d;
        }
        CatalogEntry e = catalog.get(name);
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
}
