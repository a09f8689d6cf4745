package org.xmcbench.datasets.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.io.DataFormatException;

/** The dataset catalog ({@code datasets/catalog.json}), in file order. */
public final class Catalog {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private final Path file;
    private final Map<String, CatalogEntry> entries;

    private Catalog(Path file, Map<String, CatalogEntry> entries) {
        this.file = file;
        this.entries = entries;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record FileShape(@JsonProperty("schema") int schema,
                             @JsonProperty("datasets") LinkedHashMap<String, CatalogEntry> datasets) {}

    public static Catalog load(Path file) throws IOException {
        FileShape shape;
        try {
            shape = JSON.readValue(file.toFile(), FileShape.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(file, "line " + e.getLocation().getLineNr(), e.getOriginalMessage(), e);
        }
        if (shape.schema() != 1 || shape.datasets() == null) {
            throw new DataFormatException(file, "", "expected {\"schema\": 1, \"datasets\": {...}}");
        }
        for (Map.Entry<String, CatalogEntry> e : shape.datasets().entrySet()) {
            CatalogEntry c = e.getValue();
            if (c.bundled() ? c.path() == null || c.files() == null : c.downloads() == null) {
                throw new DataFormatException(file, "entry " + e.getKey(), c.bundled()
                        ? "a bundled dataset needs 'path' and 'files'" : "a downloadable dataset needs 'downloads'");
            }
        }
        CatalogAliases.check(file, shape.datasets());
        return new Catalog(file, shape.datasets());
    }

    /**
     * The catalog of {@code home}, or an empty one where there is none (xmcbench run outside a checkout, e.g. as
     * a program inside a container): dataset folders still resolve, catalogued names do not.
     */
    public static Catalog ofHomeOrEmpty(Path home) throws IOException {
        Path f = home.resolve("datasets/catalog.json");
        return Files.isRegularFile(f) ? load(f) : new Catalog(f, Map.of());
    }

    /** The catalog of the xmcbench installation at {@code home}. */
    public static Catalog ofHome(Path home) throws IOException {
        Path f = home.resolve("datasets/catalog.json");
        if (!Files.isRegularFile(f)) {
            throw new IOException("no catalog at " + f + " (set XMC_HOME to the xmcbench checkout)");
        }
        return load(f);
    }

    public Path file() {
        return file;
    }

    public Map<String, CatalogEntry> entries() {
        return entries;
    }

    public CatalogEntry get(String name) {
        CatalogEntry e = entries.get(name);
        if (e == null) {
            for (Map.Entry<String, CatalogEntry> x : entries.entrySet()) {
                if (x.getKey().equalsIgnoreCase(name)) {
                    return x.getValue();
                }
            }
        }
        return e;
    }

    /**
     * The catalog name of the dataset a paper calls {@code name} (its {@code aliases}, then its catalog name), or
     * null when no entry is that dataset.
     */
    public String nameUsedBy(String paper, String name) {
        return CatalogAliases.resolve(entries, paper, name);
    }

    /** The exact catalog key for a case-insensitive name, or null. */
    public String canonicalName(String name) {
        for (String k : entries.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }
}
