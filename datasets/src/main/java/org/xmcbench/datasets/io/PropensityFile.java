package org.xmcbench.datasets.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.io.DataFormatException;

/**
 * {@code propensity.json}: a folder dataset's Jain et al. propensity constants, {@code {"A": 0.55, "B": 1.5}} (the
 * catalog's keys). A dataset loaded by catalog name gets them from the catalog; a folder written from one (a
 * conversion, a memorisation slice) keeps them in this side file, so its propensity-scored metrics stay the same.
 */
public final class PropensityFile {
    public static final String NAME = "propensity.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PropensityFile() {}

    /** The constants A and B. */
    public record Constants(double a, double b) {}

    public static Constants read(Path file) throws IOException {
        JsonNode root;
        try (java.io.InputStream in = CompressedFiles.open(file)) {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(file, "", "not JSON: " + e.getOriginalMessage(), e);
        }
        return new Constants(constant(file, root, "A"), constant(file, root, "B"));
    }

    private static double constant(Path file, JsonNode root, String key) {
        JsonNode v = root == null ? null : root.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0) {
            throw new DataFormatException(file, "field '" + key + "'", "expected a positive number, got "
                    + (v == null ? "nothing" : v.toString()));
        }
        return v.asDouble();
    }

    public static void write(double a, double b, Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("A", a);
        out.put("B", b);
        AtomicFiles.writeString(file, JSON.writeValueAsString(out) + "\n");
    }
}
