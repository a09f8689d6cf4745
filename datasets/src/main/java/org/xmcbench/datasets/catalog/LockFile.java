package org.xmcbench.datasets.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * {@code $XMC_DATA/catalog.lock.json}: the SHA-256 of each download whose checksum the catalog does not know yet,
 * recorded by its first verified download ("dataset/file" to hash). Later fetches must match it.
 */
public final class LockFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;
    private final Map<String, String> hashes;

    private LockFile(Path file, Map<String, String> hashes) {
        this.file = file;
        this.hashes = hashes;
    }

    public static LockFile load(Path cacheDir) throws IOException {
        Path f = cacheDir.resolve("catalog.lock.json");
        if (!Files.isRegularFile(f)) {
            return new LockFile(f, new TreeMap<>());
        }
        try {
            return new LockFile(f, new TreeMap<>(JSON.readValue(f.toFile(), new TypeReference<Map<String, String>>() {})));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(f, "", "unreadable lock file: " + e.getOriginalMessage(), e);
        }
    }

    public String get(String dataset, String fileName) {
        return hashes.get(dataset + "/" + fileName);
    }

    public void record(String dataset, String fileName, String sha256) throws IOException {
        hashes.put(dataset + "/" + fileName, sha256);
        AtomicFiles.writeString(file, JSON.writeValueAsString(hashes) + "\n");
    }
}
