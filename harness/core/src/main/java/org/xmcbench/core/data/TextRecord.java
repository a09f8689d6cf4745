package org.xmcbench.core.data;

/** Raw text of a point or a label, as LF datasets carry it: an id, a title and (possibly empty) content. */
public record TextRecord(String uid, String title, String content) {
    public TextRecord {
        uid = uid == null ? "" : uid;
        title = title == null ? "" : title;
        content = content == null ? "" : content;
    }
}
