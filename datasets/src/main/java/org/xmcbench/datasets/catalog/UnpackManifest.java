package org.xmcbench.datasets.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.AtomicFiles;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * {@code $XMC_DATA/NAME/manifest.json}, written by {@code fetch} as it unpacks: for each download, the SHA-256 and
 * size of the archive that passed its checks, the folder under {@code data/} it was unpacked to, and the size and
 * SHA-256 of every file it unpacked. A download's entry is removed before it is unpacked again and written only
 * after the unpacked folder is in place, so an entry always describes a complete, checked unpack. {@code verify}
 * and loading compare {@code data/} with it.
 */
public final class UnpackManifest {
    public static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** One download as unpacked; {@code files} by path relative to {@code data/unpackedTo}. */
    public record Unpacked(@JsonProperty("sha256") String sha256, @JsonProperty("size") long size,
                           @JsonProperty("unpacked_to") String unpackedTo,
                           @JsonProperty("files") Map<String, ArchiveExtractor.FileRecord> files) {}

    private record Shape(@JsonProperty("schema") int schema,
                         @JsonProperty("downloads") TreeMap<String, Unpacked> downloads) {}

    private final Path file;
    private final TreeMap<String, Unpacked> downloads;

    private UnpackManifest(Path file, TreeMap<String, Unpacked> downloads) {
        this.file = file;
        this.downloads = downloads;
    }

    /** The manifest of the dataset folder {@code dir}; empty when there is none yet. */
    public static UnpackManifest load(Path dir) throws IOException {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) {
            return new UnpackManifest(f, new TreeMap<>());
        }
        try {
            Shape s = JSON.readValue(f.toFile(), Shape.class);
            if (s.schema() != 1 || s.downloads() == null) {
                throw new DataFormatException(f, "", "expected {\"schema\": 1, \"downloads\": {...}}");
            }
            return new UnpackManifest(f, s.downloads());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(f, "", "unreadable unpack manifest: " + e.getOriginalMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The entry of one download, or null when it was not (completely) unpacked. */
    public Unpacked get(String download) {
        return downloads.get(download);
    }

    public void put(String download, Unpacked u) throws IOException {
        downloads.put(download, u);
        save();
    }

    public void remove(String download) throws IOException {
        if (downloads.remove(download) != null) {
            save();
        }
    }

    private void save() throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(new Shape(1, downloads)) + "\n");
    }

    /** The recorded SHA-256 of the file at {@code dataRelative} (a path relative to {@code data/}), or null. */
    public String sha256Of(String dataRelative) {
        for (Unpacked u : downloads.values()) {
            String prefix = u.unpackedTo() + "/";
            if (dataRelative.startsWith(prefix)) {
                ArchiveExtractor.FileRecord r = u.files().get(dataRelative.substring(prefix.length()));
                if (r != null) {
                    return r.sha256();
                }
            }
        }
        return null;
    }

    /**
     * How {@code data} differs from this manifest: a file missing, of another size, or (with {@code hashes}) of
     * another SHA-256; a file no download unpacked; anything that is not a regular file or a folder. Empty when
     * they agree.
     */
    public List<String> problems(Path data, boolean hashes) throws IOException {
        List<String> problems = new ArrayList<>();
        String shown = data.getFileName() + "/"; // paths in messages start at the dataset folder
        Set<String> listed = new TreeSet<>();
        for (Unpacked u : downloads.values()) {
            for (Map.Entry<String, ArchiveExtractor.FileRecord> f : u.files().entrySet()) {
                String rel = u.unpackedTo() + "/" + f.getKey();
                listed.add(rel);
                Path p = data.resolve(rel);
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add(shown + rel + " is missing");
                } else if (Files.size(p) != f.getValue().size()) {
                    problems.add(shown + rel + " has " + Files.size(p) + " bytes, " + f.getValue().size()
                            + " when unpacked");
                } else if (hashes && !DatasetReader.sha256(p).equals(f.getValue().sha256())) {
                    problems.add(shown + rel + " has changed since it was unpacked (SHA-256 differs)");
                }
            }
        }
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.walk(data)) {
                for (Path p : s.toList()) {
                    String rel = data.relativize(p).toString().replace('\\', '/');
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        problems.add(shown + rel + " is not a regular file");
                    } else if (!listed.contains(rel)) {
                        problems.add(shown + rel + " was not unpacked from a download");
                    }
                }
            }
        }
        return problems;
    }
}
