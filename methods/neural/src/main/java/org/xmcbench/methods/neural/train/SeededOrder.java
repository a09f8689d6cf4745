package org.xmcbench.methods.neural.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded permutations: the order a run visits its training instances in, and seeded samples of rows. */
public final class SeededOrder {
    private SeededOrder() {}

    /** A permutation of 0..n-1, a function of the seed only. */
    public static int[] permutation(int n, long seed) {
        List<Integer> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(seed));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
