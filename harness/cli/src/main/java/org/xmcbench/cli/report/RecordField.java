package org.xmcbench.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One field of a parsed {@code run.json}, with its path in the record, read as the type the reader expects: a
 * value that is missing where required, or of another type, becomes a {@link DamagedRecordException} naming the
 * file and the field instead of a {@code ClassCastException} or a {@code NullPointerException} far away.
 */
final class RecordField {
    private static final int EXCERPT = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String path;
    private final JsonNode node;

    private RecordField(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The whole record, which must be a JSON object. */
    static RecordField root(Path file) throws DamagedRecordException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DamagedRecordException(file, null, "cannot be read: " + e);
        }
        if (bytes.length == 0) {
            throw new DamagedRecordException(file, null, "empty file");
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new DamagedRecordException(file, null, "not valid JSON (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + "); truncated or overwritten?");
        } catch (IOException e) {
            throw new DamagedRecordException(file, null, "cannot be parsed: " + e.getMessage());
        }
        RecordField root = new RecordField(file, "", n == null ? MissingNode.getInstance() : n);
        if (!root.node.isObject()) {
            throw new DamagedRecordException(file, null, "expected a JSON object, found " + root.describe());
        }
        return root;
    }

    RecordField get(String name) {
        return new RecordField(file, path.isEmpty() ? name : path + "." + name, node.path(name));
    }

    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    /** Whether the field is a JSON array. */
    boolean isArray() {
        return node.isArray();
    }

    /** A required, non-empty string. */
    String text() throws DamagedRecordException {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw damaged("expected a non-empty string, found " + describe());
        }
        return node.asText();
    }

    /** A string, or null when absent; other scalars are written as they read (a stage may be a number). */
    String optionalText() throws DamagedRecordException {
        if (!present()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw damaged("expected a string, found " + describe());
        }
        return node.asText();
    }

    /** A required JSON object. */
    RecordField object() throws DamagedRecordException {
        if (!node.isObject()) {
            throw damaged("expected an object, found " + describe());
        }
        return this;
    }

    /** A JSON object, or null when absent or null. */
    RecordField optionalObject() throws DamagedRecordException {
        return present() ? object() : null;
    }

    /** The elements of a required JSON array. */
    List<RecordField> array() throws DamagedRecordException {
        if (!node.isArray()) {
            throw damaged("expected an array, found " + describe());
        }
        return elements();
    }

    /** The elements of a JSON array, or none when absent or null. */
    List<RecordField> optionalArray() throws DamagedRecordException {
        return present() ? array() : List.of();
    }

    private List<RecordField> elements() {
        List<RecordField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new RecordField(file, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** An integer, or {@code absent} when the field is missing. */
    long integer(long absent) throws DamagedRecordException {
        if (!present()) {
            return absent;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw damaged("expected an integer, found " + describe());
        }
        return node.asLong();
    }

    /**
     * A measured number, or null when absent. Jackson writes non-finite doubles as the strings "NaN", "Infinity"
     * and "-Infinity": those read back as the non-finite values they stand for (so a gate can refuse them); any
     * other string, a boolean or a container is damage.
     */
    Double number() throws DamagedRecordException {
        if (!present()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            switch (node.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw damaged("expected a number, found " + describe());
    }

    /** The field's fields as "name=value" pairs in name order (a run's given parameters), or none. */
    java.util.SortedMap<String, String> flat() throws DamagedRecordException {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        if (!present()) {
            return out;
        }
        object().node.fields().forEachRemaining(e -> out.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }

    DamagedRecordException damaged(String problem) {
        return new DamagedRecordException(file, path, problem);
    }

    private String describe() {
        if (node.isMissingNode()) {
            return "nothing (the field is missing)";
        }
        if (node.isNull()) {
            return "null";
        }
        String kind = node.isObject() ? "an object" : node.isArray() ? "an array" : node.isTextual() ? "the string"
                : node.isBoolean() ? "the boolean" : "the number";
        if (node.isContainerNode()) {
            return kind;
        }
        String v = node.isTextual() ? "'" + node.asText() + "'" : node.asText();
        return kind + " " + (v.length() > EXCERPT ? v.substring(0, EXCERPT) + "…" : v);
    }
}
