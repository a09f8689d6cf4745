package org.xmcbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xmcbench.datasets.io.FloatFormat;
import org.xmcbench.datasets.io.NumberParser;

/** The byte-level float parser is checked against the JDK's correctly rounded {@link Float#parseFloat}. */
class NumberParserTest {
    private static float parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return NumberParser.parseFloat(b, 0, b.length);
    }

    @Test
    void agreesWithTheJdkOnRandomDecimals() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            String s = switch (i % 6) {
                case 0 -> String.format(Locale.ROOT, "%.6f", r.nextDouble());
                case 1 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
                case 2 -> Float.toString((float) (r.nextDouble() * 100));
                case 3 -> Integer.toString(r.nextInt(0, 1 << 30));
                case 4 -> String.format(Locale.ROOT, "%.17g", r.nextDouble());
                default -> (r.nextBoolean() ? "-" : "") + r.nextInt(0, 100000) + "." + r.nextInt(0, 100000) + "e"
                        + r.nextInt(-12, 12);
            };
            float want = Float.parseFloat(s);
            if (!Float.isFinite(want)) {
                continue;
            }
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(parse(s)), s);
        }
    }

    @Test
    void floatMidpointsRoundToEven() {
        // 2^24 + 1 and friends sit exactly halfway between two floats: the double fast path must not decide them.
        for (String s : new String[] {"16777217", "16777219", "33554434", "33554438", "1.6777217e7", "0.16777217e8",
            "-16777217", "9007199254740993", "1.00000005960464477539062500001", "1.000000059604644775390625"}) {
            assertEquals(Float.floatToIntBits(Float.parseFloat(s)), Float.floatToIntBits(parse(s)), s);
        }
    }

    @Test
    void writtenFloatsReadBackIdentically() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            assertEquals(Float.floatToIntBits(f), Float.floatToIntBits(parse(FloatFormat.format(f))), "" + f);
        }
        assertEquals("1", FloatFormat.format(1f));
        assertEquals("0.095069", FloatFormat.format(0.095069f));
    }

    @Test
    void rejectsWhatIsNotAPlainDecimal() {
        for (String s : new String[] {"", "-", ".", "1e", "abc", "NaN", "Infinity", "1.5f", "1d", "0x1p3", "1..2",
            "1e5000", "--1", "1 "}) {
            assertTrue(Float.isNaN(parse(s)), "should reject '" + s + "'");
        }
    }
}
