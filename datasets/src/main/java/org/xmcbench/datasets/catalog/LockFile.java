package org.xmcbench.datasets.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * {@code $XMC_DATA/catalog.lock.json}: the SHA-256 of each download whose checksum the catalog does not know yet,
 * recorded by its first verified download ("dataset/file" to hash). Later fetches must match it. A change is
 * made under a lock ({@code catalog.lock.json.lock}) on the file as it is on disk then, and written atomically,
 * so fetches of different datasets running at once do not drop each other's entries.
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
        return new LockFile(f, read(f));
    }

    private static Map<String, String> read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(f.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(f, "", "unreadable lock file: " + e.getOriginalMessage(), e);
        }
    }

    public String get(String dataset, String fileName) {
        return hashes.get(dataset + "/" + fileName);
    }

    public void record(String dataset, String fileName, String sha256) throws IOException {
        update(m -> m.put(dataset + "/" + fileName, sha256));
    }

    /** Forgets a locked hash (one that turned out to belong to a damaged download). */
    public void remove(String dataset, String fileName) throws IOException {
        update(m -> m.remove(dataset + "/" + fileName));
    }

    private void update(Consumer<Map<String, String>> change) throws IOException {
        try (CacheLock l = CacheLock.acquire(file.resolveSibling(file.getFileName() + ".lock"), () -> { })) {
            Map<String, String> current = read(file);
            change.accept(current);
            AtomicFiles.writeString(file, JSON.writeValueAsString(current) + "\n");
            hashes.clear();
            hashes.putAll(current);
        }
    }
}
