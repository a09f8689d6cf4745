package org.xmcbench.cli;

import java.util.List;

/** Renders rows as a left-aligned, space-padded plain-text table (first row is the header). */
public final class TextTable {
    private TextTable() {}

    public static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                b.append(r[c]);
                if (c < cols - 1) {
                    b.append(" ".repeat(width[c] - r[c].length() + 2));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
