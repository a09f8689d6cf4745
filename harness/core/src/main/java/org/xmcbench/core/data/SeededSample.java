package org.xmcbench.core.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A uniform sample of distinct indices drawn by a seed: the same seed, size and count always give the same ids. */
public final class SeededSample {
    private SeededSample() {}

    /** {@code count} distinct ids of {@code [0, n)}, ascending: a partial Fisher-Yates shuffle seeded by seed. */
    public static int[] of(int n, int count, long seed) {
        if (count < 0 || count > n) {
            throw new IllegalArgumentException("cannot draw " + count + " of " + n + " ids");
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) { // the first `count` entries are the sample
            int j = i + rnd.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] out = Arrays.copyOf(order, count);
        Arrays.sort(out);
        return out;
    }
}
