package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.catalog.Catalog;

/**
 * The names papers give catalogued datasets: the same name means AttentionXML's data in one paper and the XC
 * Repository's in another, so an alias can be limited to the papers that use it, and no name may mean two datasets.
 */
class CatalogAliasesTest {
    private static final String XRT = "XR-Transformer (NeurIPS 2021)";
    private static final String ELIAS = "ELIAS (NeurIPS 2022)";
    private static final String XC = "XMLRepository (Bhatia et al.)";

    @TempDir
    Path tmp;

    @Test
    void theShippedCatalogResolvesEachPapersNameToTheDataItUsed() throws IOException {
        Catalog c = CatalogTest.catalog();
        assertEquals("pecos-amazon-670k", c.nameUsedBy(XRT, "Amazon-670K"));
        assertEquals("pecos-amazon-670k", c.nameUsedBy(ELIAS, "Amazon-670K"));
        assertEquals("Amazon-670K", c.nameUsedBy(XC, "Amazon-670K"), "the Repository's own split");
        assertEquals("pecos-eurlex-4k", c.nameUsedBy(XRT, "Eurlex-4K"));
        assertEquals("EURLex-4K", c.nameUsedBy(XC, "EURLex-4K"));
        assertEquals("pecos-wiki-500k", c.nameUsedBy(XRT, "Wiki-500K"));
        assertEquals("pecos-wiki-500k", c.nameUsedBy(ELIAS, "Wikipedia-500K"));
        assertEquals("Wikipedia-500K", c.nameUsedBy(XC, "LF-Wikipedia-500K"), "the XC page: same data");
        assertEquals("LF-AmazonTitles-131K", c.nameUsedBy(ELIAS, "LF-AmazonTitles-131K"));
        assertEquals("pecos-amazon-3m", c.nameUsedBy(XRT, "pecos-amazon-3m"), "a catalog name is its own alias");
        assertNull(c.nameUsedBy(XC, "MM-AmazonTitles-300K"));
    }

    private Catalog load(String aliasesOfA, String aliasesOfB) throws IOException {
        Path f = tmp.resolve("catalog.json");
        Files.writeString(f, """
                {"schema": 1, "datasets": {
                  "a": {"family": "x", "format": "xc", "downloads": [], "aliases": %s},
                  "b": {"family": "x", "format": "xc", "downloads": [], "aliases": %s}}}
                """.formatted(aliasesOfA, aliasesOfB));
        return Catalog.load(f);
    }

    @Test
    void anAliasThatCouldMeanTwoDatasetsIsRefusedNamingIt() throws IOException {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> load("[{\"name\": \"B\"}]", "[]"));
        assertTrue(e.getMessage().contains("alias 'B' is the name of entry b"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> load("[{\"name\": \"n\", \"papers\": [\"p\"]}]",
                "[{\"name\": \"N\", \"papers\": [\"p\", \"q\"]}]"));
        assertTrue(e.getMessage().contains("alias 'N' of paper 'p' is also an alias of a"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> load("[{\"papers\": [\"p\"]}]", "[]"));
        assertTrue(e.getMessage().contains("an alias needs a 'name'"), e.getMessage());
    }

    @Test
    void aPaperScopedAliasWinsOverTheCatalogNameOnlyForItsPapers() throws IOException {
        Catalog c = load("[{\"name\": \"b\", \"papers\": [\"p\"]}, {\"name\": \"alpha\"}]", "null");
        assertEquals("a", c.nameUsedBy("p", "B"));
        assertEquals("b", c.nameUsedBy("q", "B"));
        assertEquals("a", c.nameUsedBy("q", "Alpha"));
        assertNull(c.nameUsedBy("p", "gamma"));
    }
}
