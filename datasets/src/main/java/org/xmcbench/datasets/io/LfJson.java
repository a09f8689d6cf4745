package org.xmcbench.datasets.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TextRecord;

/**
 * The LF raw-text JSON-lines format of the Extreme Classification Repository ({@code trn.json.gz},
 * {@code tst.json.gz}: {@code uid}, {@code title}, {@code content}, {@code target_ind}, {@code target_rel};
 * {@code lbl.json.gz}: {@code uid}, {@code title}, {@code content}). Every line must carry every field.
 */
public final class LfJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            // A parse error quotes at most this much of the bad token or line, as the other readers do.
            .errorReportConfiguration(com.fasterxml.jackson.core.ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(LineSource.EXCERPT_CHARS).maxRawContentLength(LineSource.EXCERPT_CHARS)
                    .build())
            .build();

    private LfJson() {}

    /** Texts and labels of one split. */
    public record Split(List<TextRecord> texts, CsrMatrix labels) {}

    public static List<TextRecord> readLabels(Path file) throws IOException {
        List<TextRecord> out = new ArrayList<>();
        try (LineSource in = new LineSource(file)) {
            while (in.next()) {
                if (in.end == in.start) {
                    throw in.error("empty line: every label needs a JSON object");
                }
                Line l = parseLine(in, false, 0);
                out.add(l.text);
            }
        }
        return out;
    }

    public static Split readPoints(Path file, int numLabels) throws IOException {
        List<TextRecord> texts = new ArrayList<>();
        CsrBuilder y = new CsrBuilder(numLabels, 1024, 4096);
        try (LineSource in = new LineSource(file)) {
            while (in.next()) {
                if (in.end == in.start) {
                    throw in.error("empty line: every point needs a JSON object");
                }
                Line l = parseLine(in, true, numLabels);
                texts.add(l.text);
                for (int i = 0; i < l.targets.length; i++) {
                    y.add(l.targets[i], l.relevance[i]);
                }
                y.endRow();
            }
        }
        return new Split(texts, y.build());
    }

    private record Line(TextRecord text, int[] targets, float[] relevance) {}

    private static Line parseLine(LineSource in, boolean withTargets, int numLabels) {
        String uid = null;
        String title = null;
        String content = null;
        int[] targets = null;
        float[] rel = null;
        try (JsonParser p = JSON.createParser(in.buf, in.start, in.end - in.start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw in.error("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "uid" -> uid = scalarText(in, p, t, field);
                    case "title" -> title = scalarText(in, p, t, field);
                    case "content" -> content = scalarText(in, p, t, field);
                    case "target_ind" -> targets = intArray(in, p, t);
                    case "target_rel" -> rel = floatArray(in, p, t);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw in.error("trailing content after the JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw in.error("malformed JSON: " + LineSource.printable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw in.error("malformed JSON: " + LineSource.printable(String.valueOf(e.getMessage())));
        }
        requireField(in, uid, "uid");
        requireField(in, title, "title");
        requireField(in, content, "content");
        if (withTargets) {
            requireField(in, targets, "target_ind");
            requireField(in, rel, "target_rel");
            if (targets.length != rel.length) {
                throw in.error("target_ind has " + targets.length + " entries but target_rel has " + rel.length);
            }
            int prev = -1;
            for (int i = 0; i < targets.length; i++) {
                int l = targets[i];
                if (l >= numLabels) {
                    throw in.error("target_ind[" + i + "] = " + l + " is >= the number of labels " + numLabels
                            + " (lines of lbl.json)");
                }
                if (l <= prev) {
                    throw in.error("target_ind[" + i + "] = " + l
                            + (l == prev ? " is duplicated" : " is not in ascending order"));
                }
                prev = l;
            }
        }
        return new Line(new TextRecord(uid, title, content), targets, rel);
    }

    private static void requireField(LineSource in, Object v, String field) {
        if (v == null) {
            throw in.error("missing field '" + field + "'");
        }
    }

    private static String scalarText(LineSource in, JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (!t.isScalarValue()) {
            throw in.error("field '" + field + "' must be a string");
        }
        return p.getText();
    }

    private static int[] intArray(LineSource in, JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw in.error("field 'target_ind' must be an array of label ids");
        }
        int[] a = new int[8];
        int n = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                throw in.error("target_ind[" + n + "] = '" + LineSource.excerpt(p.getText())
                        + "' is not a non-negative integer");
            }
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = p.getIntValue();
        }
        return java.util.Arrays.copyOf(a, n);
    }

    private static float[] floatArray(LineSource in, JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw in.error("field 'target_rel' must be an array of numbers");
        }
        float[] a = new float[8];
        int n = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw in.error("target_rel[" + n + "] = '" + LineSource.excerpt(p.getText()) + "' is not a number");
            }
            float v = p.getFloatValue();
            if (!Float.isFinite(v)) {
                throw in.error("target_rel[" + n + "] = " + LineSource.excerpt(p.getText())
                        + " is not a finite float32");
            }
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }
        return java.util.Arrays.copyOf(a, n);
    }

    public static void writePoints(List<TextRecord> texts, CsrMatrix labels, Path file) throws IOException {
        if (texts.size() != labels.rows()) {
            throw new IllegalArgumentException(file + ": " + texts.size() + " texts but " + labels.rows()
                    + " label rows");
        }
        AtomicFiles.write(file, out -> {
            for (int r = 0; r < texts.size(); r++) {
                writeLine(out, texts.get(r), labels, r);
            }
        });
    }

    public static void writeLabels(List<TextRecord> texts, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            for (TextRecord t : texts) {
                writeLine(out, t, null, 0);
            }
        });
    }

    private static void writeLine(OutputStream out, TextRecord t, CsrMatrix labels, int row) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("uid", t.uid());
            g.writeStringField("title", t.title());
            g.writeStringField("content", t.content());
            if (labels != null) {
                g.writeArrayFieldStart("target_ind");
                for (long p = labels.rowStart(row); p < labels.rowEnd(row); p++) {
                    g.writeNumber(labels.index(p));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("target_rel");
                for (long p = labels.rowStart(row); p < labels.rowEnd(row); p++) {
                    g.writeNumber(labels.value(p));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        out.write('\n');
    }
}
