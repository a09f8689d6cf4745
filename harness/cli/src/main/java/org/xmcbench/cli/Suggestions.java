package org.xmcbench.cli;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for a mistyped name: the known name nearest by edit distance (case ignored), when it is near
 * enough to be a typo — at most a third of the longer name's characters changed. Written out (a dozen lines of
 * edit distance) rather than taken from a library: picocli's own matcher is internal and nothing else here needs
 * commons-text.
 */
public final class Suggestions {
    private Suggestions() {}

    /** The hint to append to an error ({@code " (did you mean 'x'?)"}), or "" when nothing is close. */
    public static String didYouMean(String given, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(given.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance * 3 <= Math.max(given.length(), best.length())
                ? " (did you mean '" + best + "'?)" : "";
    }

    /** Edits (insert, delete, substitute, swap two neighbours) from a to b: "priro" is one swap from "prior". */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
