package org.xmcbench.methods.neural.dualencoder;

import java.util.List;
import java.util.Locale;
import org.xmcbench.core.data.TextRecord;

/**
 * Which part of a text record an encoder reads. LF-*Titles datasets are judged on titles alone (the papers'
 * setting); {@code title+content} adds the description for the full-text variants.
 */
public enum TextField {
    TITLE("title"), TITLE_CONTENT("title+content");

    private final String id;

    TextField(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static TextField parse(String s) {
        for (TextField f : values()) {
            if (f.id.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("text must be title or title+content, got '" + s + "'");
    }

    /** This field of every record, in order. */
    public List<String> of(List<TextRecord> records) {
        List<String> out = new java.util.ArrayList<>(records.size());
        for (TextRecord r : records) {
            out.add(of(r));
        }
        return out;
    }

    public String of(TextRecord r) {
        String text = this == TITLE || r.content().isEmpty() ? r.title() : r.title() + " " + r.content();
        return text.isEmpty() ? r.uid() : text; // an empty title still has its id to go on
    }
}
