package org.xmcbench.cli.run;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.datasets.io.AtomicFiles;

/** Reading and (atomically) writing {@code run.json}. */
public final class RunRecord {
    public static final String FILE = "run.json";

    private RunRecord() {}

    static Map<String, Object> header(RunSpec spec, MethodStrategy method) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", spec.method());
        m.put("dataset", spec.dataset());
        m.put("config_hash", spec.configHash());
        m.put("seed", spec.seed());
        m.put("k", spec.k());
        m.put("fit_params", spec.fitParams());
        m.put("query_settings", spec.querySettings());
        m.put("inference_only", spec.modelDir() != null);
        if (method != null) {
            MethodDescriptor d = method.descriptor();
            Map<String, Object> desc = new LinkedHashMap<>();
            desc.put("name", d.name());
            desc.put("paper", d.paper());
            desc.put("year", d.year());
            desc.put("inputs", d.inputs());
            desc.put("uses_gpu", d.usesGpu());
            desc.put("deterministic_with_seed", d.deterministicWithSeed());
            m.put("descriptor", desc);
        }
        return m;
    }

    public static void write(Path dir, Map<String, Object> record) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), RunSpec.JSON.writeValueAsString(record) + "\n");
    }

    /** The record of a run folder; a file that is not a JSON record is an error naming it. */
    public static Map<String, Object> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            Map<String, Object> m = RunSpec.JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
            if (m == null) {
                throw new IOException(file + ": empty, not a run record");
            }
            return m;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a valid run record (" + e.getOriginalMessage() + ")", e);
        }
    }

    public static String status(Path dir) {
        if (!Files.isRegularFile(dir.resolve(FILE))) {
            return null;
        }
        try {
            return String.valueOf(read(dir).get("status"));
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
