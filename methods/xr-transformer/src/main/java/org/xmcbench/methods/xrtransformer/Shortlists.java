package org.xmcbench.methods.xrtransformer;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.xmcbench.core.data.CsrMatrix;

/**
 * The clusters each training instance is trained against at a level below the first (PECOS's {@code tfn+man}): the
 * children of its positive parents (teacher-forced negatives) and of the parents the previous level's matcher ranks
 * highest for it (matcher-aware negatives), positives first, at most {@code maxActive} in all.
 */
final class Shortlists {
    private Shortlists() {}

    /**
     * @param parentTargets instances x parent clusters (the previous level's targets), rows aligned with the pool
     * @param targets instances x clusters of this level, rows aligned with the pool
     * @param topParents per instance, the parents the previous level's matcher ranks highest, best first
     *     ({@link LevelHead#topClusters}); null: {@code tfn} only
     * @param children the clusters of this level grouped by parent ({@code ClusterChain.children})
     */
    static int[][] build(CsrMatrix parentTargets, CsrMatrix targets, int[][] topParents, int[][] children,
            int maxActive) {
        int n = targets.rows();
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            Set<Integer> list = new LinkedHashSet<>();
            for (long p = targets.rowStart(i); p < targets.rowEnd(i); p++) {
                list.add(targets.index(p));
            }
            for (long p = parentTargets.rowStart(i); p < parentTargets.rowEnd(i); p++) {
                for (int c : children[parentTargets.index(p)]) {
                    list.add(c);
                }
            }
            if (topParents != null) {
                for (int parent : topParents[i]) {
                    for (int c : children[parent]) {
                        list.add(c);
                    }
                }
            }
            int[] all = list.stream().mapToInt(Integer::intValue).toArray();
            // Positives come first, so a cap drops negatives only (unless the positives alone exceed it).
            out[i] = all.length > maxActive ? Arrays.copyOf(all, maxActive) : all;
        }
        return out;
    }
}
