package org.xmcbench.methods.neural.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code index.json} in a saved index folder: which implementation wrote it, the shape, and its options as strings.
 * A small readable manifest lets {@link LabelIndex#load} dispatch on the kind and lets a person see what a folder
 * holds without the code; the bulk data sits next to it in files the implementation names.
 */
record IndexManifest(String type, int numLabels, int dim, Map<String, String> options) {
    static final String FILE = "index.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    IndexManifest {
        options = options == null ? Map.of() : new TreeMap<>(options);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    static IndexManifest read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException("no " + FILE + " in " + dir + ": not a saved label index");
        }
        return JSON.readValue(f.toFile(), IndexManifest.class);
    }
}
