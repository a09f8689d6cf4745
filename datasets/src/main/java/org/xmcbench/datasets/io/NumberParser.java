package org.xmcbench.datasets.io;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from bytes. Floats are correctly rounded to float32: short decimals (at most
 * 2^24 as an integer mantissa, power of ten within 10^+-10) take an exact one-operation fast path, anything else
 * goes through {@link Float#parseFloat} after this class has checked the plain decimal grammar (so Java-only
 * spellings like "1f", "0x1p3", "NaN" or "Infinity" are rejected, as numpy's text readers would).
 */
public final class NumberParser {
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final double[] POW10D = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Returned by {@link #parseNonNegativeInt} for anything that is not a plain non-negative int. */
    public static final int NOT_AN_INT = -1;

    private NumberParser() {}

    /** Digits only, fitting in an int; else {@link #NOT_AN_INT}. */
    public static int parseNonNegativeInt(byte[] b, int s, int e) {
        if (s >= e || e - s > 10) {
            return NOT_AN_INT;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_AN_INT;
            }
            v = v * 10 + d;
        }
        return v > Integer.MAX_VALUE ? NOT_AN_INT : (int) v;
    }

    /**
     * A finite float32 from {@code b[s, e)}; NaN when the token is not a plain decimal number or lies outside the
     * float32 range (the caller turns NaN into an error naming the token).
     */
    public static float parseFloat(byte[] b, int s, int e) {
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0;
        int scale = 0;
        boolean overflow = false;
        int intStart = i;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            if (mant < 100_000_000_000_000_000L) {
                mant = mant * 10 + (b[i] - '0');
            } else {
                overflow = true;
                scale++;
            }
            i++;
        }
        digits += i - intStart;
        if (i < e && b[i] == '.') {
            i++;
            int fracStart = i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (mant < 100_000_000_000_000_000L) {
                    mant = mant * 10 + (b[i] - '0');
                    scale--;
                } else {
                    overflow = true;
                }
                i++;
            }
            digits += i - fracStart;
        }
        if (digits == 0) {
            return Float.NaN;
        }
        int exp = 0;
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNeg = false;
            if (i < e && (b[i] == '-' || b[i] == '+')) {
                expNeg = b[i] == '-';
                i++;
            }
            int expStart = i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (exp < 100_000) {
                    exp = exp * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == expStart) {
                return Float.NaN;
            }
            exp = expNeg ? -exp : exp;
        }
        if (i != e) {
            return Float.NaN;
        }
        int p10 = scale + exp;
        float v;
        if (!overflow && mant <= (1L << 24) && p10 >= -10 && p10 <= 10) {
            // Both operands are exact floats, so one IEEE operation is correctly rounded.
            v = p10 >= 0 ? (float) mant * POW10[p10] : (float) mant / POW10[-p10];
        } else if (!overflow && mant < (1L << 53) && p10 >= -22 && p10 <= 22) {
            // Clinger's fast path in double is correctly rounded; rounding that double to float is then correct
            // unless it landed exactly on a midpoint between two floats (or outside the normal float range).
            double d = p10 >= 0 ? mant * POW10D[p10] : mant / POW10D[-p10];
            long bits = Double.doubleToRawLongBits(d);
            if ((bits & 0x1FFFFFFFL) == 0x10000000L || (d != 0 && d < 0x1p-126) || d > Float.MAX_VALUE) {
                v = Float.parseFloat(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
                return Float.isFinite(v) ? v : Float.NaN;
            }
            v = (float) d;
        } else {
            v = Float.parseFloat(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
            return Float.isFinite(v) ? v : Float.NaN;
        }
        return neg ? -v : v;
    }
}
