package org.xmcbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.io.AtomicFiles;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

/**
 * Writing a dataset drawn from another (a memorisation slice, a sample) as a folder that {@code xmc run --dataset}
 * takes like any other, with a JSON record beside it that says where it came from.
 */
final class DerivedDatasetFolder {
    private DerivedDatasetFolder() {}

    /** Refuses a folder that already holds files or a path that is a file: a derived dataset never overwrites. */
    static void requireEmpty(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a folder: choose another --out");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(dir + " already holds files: remove it or choose another --out");
                }
            }
        }
    }

    /**
     * Writes {@code data} into {@code dir} (lf-json when it has raw texts, the one layout that keeps title and
     * content; xc otherwise) and {@code record} as {@code dir/recordName}; returns the layout used and prints the
     * writer's notes to stderr.
     */
    static Layout write(XmcDataset data, Path dir, List<String> extraNotes, String recordName,
            Map<String, Object> record) throws IOException {
        Layout layout = data.trainTexts() != null ? Layout.LF_JSON : Layout.XC;
        List<String> notes = DatasetWriter.write(data, dir, layout, DatasetWriter.Options.defaults());
        notes.addAll(extraNotes);
        AtomicFiles.writeString(dir.resolve(recordName), new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record) + "\n");
        for (String n : notes) {
            System.err.println("note: " + n);
        }
        return layout;
    }
}
