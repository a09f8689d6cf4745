package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.CatalogEntry;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.catalog.DatasetStats;
import org.xmcbench.datasets.catalog.LocalState;
import org.xmcbench.datasets.catalog.LockFile;

/** The shipped catalog: complete, bundled data verified, statistics as the datasets' READMEs state them. */
class CatalogTest {
    static final List<String> REQUIRED = List.of("EURLex-4K", "Wiki10-31K", "AmazonCat-13K", "Wikipedia-500K",
            "Amazon-670K", "Amazon-3M", "LF-AmazonTitles-131K", "LF-Amazon-131K", "LF-WikiSeeAlso-320K",
            "LF-AmazonTitles-1.3M", "pecos-eurlex-4k", "pecos-wiki10-31k", "pecos-amazoncat-13k", "pecos-wiki-500k",
            "pecos-amazon-670k", "pecos-amazon-3m", "debian-tags", "debian-tags-mini", "LF-debian-deps");

    static Catalog catalog() throws IOException {
        return Catalog.ofHome(TestData.repoRoot());
    }

    @Test
    void listsEveryStandardBenchmark() throws IOException {
        Catalog c = catalog();
        for (String name : REQUIRED) {
            CatalogEntry e = c.get(name);
            assertNotNull(e, name);
            assertNotNull(e.propensity(), name + " has no propensity constants");
            assertNotNull(e.format(), name);
            if (!e.bundled()) {
                assertTrue(!e.downloads().isEmpty(), name + " has no download");
            }
        }
        assertEquals(0.6, c.get("Amazon-670K").propensity().a());
        assertEquals(0.5, c.get("Wikipedia-500K").propensity().a());
        assertEquals(1.5, c.get("AmazonCat-13K").propensity().b(), "pyxclib #7: AmazonCat uses 0.55/1.5");
    }

    @Test
    void bundledDatasetsVerifyAndMatchTheirStatistics() throws IOException {
        Catalog c = catalog();
        Path home = TestData.repoRoot();
        DatasetResolver resolver = new DatasetResolver(c, home, home.resolve("target/no-cache"));
        for (String name : List.of("debian-tags", "debian-tags-mini", "LF-debian-deps")) {
            CatalogEntry e = c.get(name);
            assertEquals(LocalState.VERIFIED, LocalState.of(name, e, home, home.resolve("target/no-cache"),
                    LockFile.load(home.resolve("target/no-cache"))), name);
            XmcDataset d = resolver.load(name, null, false);
            assertEquals(List.of(), DatasetStats.of(d).differencesFrom(e.stats()), name);
            assertEquals(0.55, d.propensityA());
            for (Map.Entry<String, String> f : d.fileSha256().entrySet()) {
                assertEquals(e.files().get(f.getKey()), f.getValue(), name + "/" + f.getKey());
            }
        }
    }

    /** A checkout with one bundled dataset 'tiny' whose catalog entry has {@code fields} besides its place. */
    private static DatasetResolver tinyBundled(Path tmp, String fields) throws IOException {
        Path home = tmp.resolve("home");
        Path ds = Files.createDirectories(home.resolve("data/tiny"));
        Files.writeString(ds.resolve("trn_X_Y.txt"), "2 3\n0:1\n1:1 2:1\n");
        Files.writeString(ds.resolve("tst_X_Y.txt"), "1 3\n2:1\n");
        Files.createDirectories(home.resolve("datasets"));
        Files.writeString(home.resolve("datasets/catalog.json"), """
                {"schema": 1, "datasets": {"tiny": {"family": "bundled", "format": "xc", "path": "data/tiny",
                 %s, "propensity": {"A": 0.55, "B": 1.5}}}}
                """.formatted(fields));
        return new DatasetResolver(Catalog.ofHome(home), home, tmp.resolve("cache"));
    }

    @Test
    void refusesADatasetWhoseStatisticsDisagree(@TempDir Path tmp) throws IOException {
        DatasetResolver r = tinyBundled(tmp, """
                "files": {}, "stats": {"labels": 3, "train": 5, "test": 1}""");
        DatasetResolver.StatsMismatchException e = assertThrows(DatasetResolver.StatsMismatchException.class,
                () -> r.load("tiny", null, false));
        assertTrue(e.getMessage().contains("train points: catalog says 5, data has 2"), e.getMessage());
        assertEquals(2, r.load("tiny", null, true).trainLabels().rows(), "--force loads it anyway");
    }

    @Test
    void refusesABundledFileThatDoesNotMatchTheCatalog(@TempDir Path tmp) throws IOException {
        DatasetResolver r = tinyBundled(tmp, """
                "files": {"tst_X_Y.txt": "%s"}""".formatted("0".repeat(64)));
        IOException e = assertThrows(IOException.class, () -> r.load("tiny", null, true));
        assertTrue(e.getMessage().contains("tst_X_Y.txt does not match the catalog's SHA-256"), e.getMessage());
    }
}
