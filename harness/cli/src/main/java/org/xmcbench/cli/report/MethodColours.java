package org.xmcbench.cli.report;

import java.awt.Color;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One colour per method for every chart of a report, so a method is found by its colour from chart to chart: the
 * methods in name order take the palette's colours in turn; a trivial baseline is grey.
 */
public final class MethodColours {
    /** Methods that ignore the query: drawn as a reference line, never scaling an axis. */
    static final Set<String> TRIVIAL_BASELINES = Set.of("prior");
    static final Color BASELINE = new Color(0x7f7f7f);
    /** Tableau 10 (without its grey), then four darker hues: told apart on screen and in print. */
    private static final Color[] PALETTE = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
        new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7),
        new Color(0x9c755f), new Color(0x2f4b7c), new Color(0xa05195), new Color(0x665191), new Color(0x003f5c)};

    private final Map<String, Color> byMethod = new TreeMap<>();

    public MethodColours(Collection<String> methods) {
        int i = 0;
        for (String m : new TreeSet<>(methods)) {
            byMethod.put(m, isBaseline(m) ? BASELINE : PALETTE[i++ % PALETTE.length]);
        }
    }

    static boolean isBaseline(String method) {
        return TRIVIAL_BASELINES.contains(method);
    }

    public Color of(String method) {
        Color c = byMethod.get(method);
        if (c == null) {
            throw new IllegalArgumentException("no colour for method " + method + " (known: " + byMethod.keySet()
                    + ")");
        }
        return c;
    }

    /** The colour as CSS writes it, {@code #rrggbb}. */
    public String css(String method) {
        return String.format("#%06x", of(method).getRGB() & 0xffffff);
    }

    /** The methods, in name order. */
    public Set<String> methods() {
        return byMethod.keySet();
    }
}
