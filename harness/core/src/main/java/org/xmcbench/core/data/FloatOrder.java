package org.xmcbench.core.data;

/**
 * Floats as ints in the same order as {@link Float#compare} (-0 below +0, NaN above all), so that a score can sit in
 * the high half of a {@code long} sort key with an id in the low half: one primitive sort ranks scores with their
 * tie-break, no boxed comparator.
 */
public final class FloatOrder {
    private FloatOrder() {}

    /** An int whose signed order is the float's order. */
    public static int ascending(float v) {
        int bits = Float.floatToIntBits(v);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** The float {@link #ascending} was made from. */
    public static float fromAscending(int ordered) {
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }
}
