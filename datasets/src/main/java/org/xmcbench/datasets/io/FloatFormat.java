package org.xmcbench.datasets.io;

/**
 * How xmcbench writes a float32 in text: integral values below 2^24 as integers ("1"), anything else as Java's
 * {@link Float#toString}, which reads back as the identical float32 (numpy and sklearn parse it too). The
 * output depends only on the value, so rewriting a file gives the same bytes.
 */
public final class FloatFormat {
    private FloatFormat() {}

    public static String format(float v) {
        if (v == (int) v && Math.abs(v) < (1 << 24) && !(v == 0f && Float.floatToRawIntBits(v) != 0)) {
            return Integer.toString((int) v);
        }
        return Float.toString(v);
    }
}
