package org.xmcbench.datasets.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One text per line: PECOS's {@code X.trn.txt}, label texts {@code Y.txt}, vocabularies {@code Xf.txt}. A text
 * containing a line break cannot be stored in this format, so the writer replaces line breaks with spaces.
 */
public final class TextLines {
    private TextLines() {}

    public static List<String> read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineSource in = new LineSource(file)) {
            while (in.next()) {
                lines.add(in.lineAsString());
            }
        }
        return lines;
    }

    public static void write(List<String> lines, Path file) throws IOException {
        AtomicFiles.write(file, (OutputStream out) -> {
            for (String s : lines) {
                out.write(oneLine(s).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    static String oneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
