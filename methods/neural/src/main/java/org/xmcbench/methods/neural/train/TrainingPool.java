package org.xmcbench.methods.neural.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The training queries a fine-tuning run draws its batches from: all of them, or a seeded sample when the run is
 * shorter than an epoch (then the steps that embed the pool, e.g. negative mining, embed only the queries the run
 * will see, not the whole training set).
 */
public final class TrainingPool {
    private TrainingPool() {}

    /**
     * @param wanted queries the run visits (steps × queries per step), or an explicit pool size
     * @return sorted query ids
     */
    public static int[] of(int numQueries, long wanted, long seed) {
        if (wanted >= numQueries) {
            return IntStream.range(0, numQueries).toArray();
        }
        List<Integer> ids = new ArrayList<>(numQueries);
        for (int i = 0; i < numQueries; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(seed * 65_537 + 17));
        return ids.subList(0, (int) wanted).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
