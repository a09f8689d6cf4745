package org.xmcbench.datasets.io;

/**
 * What a header may declare, checked against what its file can hold before anything is allocated for it: a forged
 * header (21 bytes declaring 2e9 rows, an .npy entry declaring 2e9 elements over a few bytes) is refused at once
 * with the file and the header named, not met with an OutOfMemoryError minutes later.
 */
public final class DeclaredSizes {
    /**
     * The largest label or feature dimension a header may declare (1e8, some 30 times the largest public XMC label
     * space): evaluation and the methods allocate per-label and per-feature arrays of this length.
     */
    public static final int MAX_DIMENSION = 100_000_000;

    /** Deflate (gzip, zip) expands at most 1032-fold: the most data a compressed byte can stand for. */
    static final long MAX_DEFLATE_RATIO = 1032;

    private DeclaredSizes() {}

    /** At most how many bytes {@code compressed} bytes of deflate can expand to (saturating). */
    static long inflatedAtMost(long compressed) {
        return compressed > Long.MAX_VALUE / MAX_DEFLATE_RATIO ? Long.MAX_VALUE : compressed * MAX_DEFLATE_RATIO;
    }

    /** The problem with a declared dimension, or null when it is acceptable. */
    static String dimensionProblem(long dim, String what) {
        return dim > MAX_DIMENSION ? "declares " + dim + " " + what + ", more than the " + MAX_DIMENSION
                + " xmcbench reads" : null;
    }
}
