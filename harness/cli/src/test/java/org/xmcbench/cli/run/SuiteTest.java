package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.io.DataFormatException;

class SuiteTest {
    @TempDir
    Path tmp;

    @Test
    void aMethodRunsOnlyOnTheDatasetsItLists() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, """
                name: s
                datasets: [a, b]
                methods:
                  - prior
                  - {id: tfidf-knn, datasets: [b], set: {k: [5, 9]}}
                """);
        List<String> runs = Suite.load(f).expand(Map.of()).stream().map(r -> r.method() + "@" + r.dataset()
                + r.fitParams()).toList();
        assertEquals(List.of("prior@a{}", "prior@b{}", "tfidf-knn@b{k=5}", "tfidf-knn@b{k=9}"), runs);
    }

    @Test
    void aDatasetOutsideTheSuiteIsRefusedNamingTheFileAndMethod() throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "name: s\ndatasets: [a]\nmethods: [{id: prior, datasets: [c]}]\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Suite.load(f));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("'prior'")
                && e.getMessage().contains("'c'"), e.getMessage());
    }
}
