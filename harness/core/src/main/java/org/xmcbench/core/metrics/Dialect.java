package org.xmcbench.core.metrics;

/**
 * Which published definitions the numbers follow. Both rank predictions by score, ties by ascending label id,
 * keep zero-label test rows in N and count missing prediction slots as misses; they differ in what they report.
 */
public enum Dialect {
    /**
     * The Extreme Classification Repository / pyxclib {@code xc_metrics}: P, nDCG (ideal over min(|Y|,k)
     * positions), PSP and PSnDCG normalised by the best achievable ordering (ratio of aggregate sums), and
     * pyxclib's {@code recall} (hits / max(|Y|,1) over all rows). Default k = 5.
     */
    PYXCLIB("pyxclib", 5),
    /** PECOS {@code smat_util.Metrics}: P@k = hits/(N k) and R@k for k = 1..K. Default K = 10. */
    PECOS("pecos", 10);

    private final String id;
    private final int defaultK;

    Dialect(String id, int defaultK) {
        this.id = id;
        this.defaultK = defaultK;
    }

    public String id() {
        return id;
    }

    public int defaultK() {
        return defaultK;
    }

    public static Dialect parse(String s) {
        for (Dialect d : values()) {
            if (d.id.equalsIgnoreCase(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown metric dialect '" + s + "' (expected pyxclib or pecos)");
    }

    @Override
    public String toString() {
        return id;
    }
}
