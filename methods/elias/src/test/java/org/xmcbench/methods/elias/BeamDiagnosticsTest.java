package org.xmcbench.methods.elias;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmcbench.core.data.CsrMatrix;

/** The diagnostics on a two-cluster index small enough to work out by hand. */
class BeamDiagnosticsTest {
    // Dimension 1; clusters {0: labels 0, 1} and {1: labels 2, 3}; cluster 0 scores h, cluster 1 scores -h.
    // Labels: w = (1, -1, 2, 0), b = (0, 3, 0, 1).
    private static final HostWeights INDEX = new HostWeights(1, 1f, new float[] {1, -1}, new float[] {0, 0},
            new float[] {1, -1, 2, 0}, new float[] {0, 3, 0, 1}, new float[] {1, 1, 1, 1},
            ClusterAdjacency.hard(new int[] {0, 0, 1, 1}, 2));

    // Point 0: h = 1, positive label 2 (cluster 1, which the beam of 1 misses); point 1: h = -1, positive label 1.
    private static final float[] EMB = {1, -1};
    private static final CsrMatrix TRUTH = CsrMatrix.of(2, 4, new long[] {0, 1, 2}, new int[] {2, 1},
            new float[] {1, 1});

    @Test
    void workedOutByHand() {
        Map<String, Object> d = BeamDiagnostics.of(INDEX, EMB, TRUTH, 1);
        // Each point's beam holds the other cluster: no positive cluster found; both clusters used once.
        assertEquals(0.0, d.get("positive_clusters_in_beam"));
        assertEquals(2, d.get("clusters_used"));
        assertEquals(1.0, d.get("cluster_use_entropy_bits"));
        assertEquals(1.0, d.get("cluster_use_entropy_max_bits"));
        // Oracle beam. Point 0 in cluster 1: w·h ranks label 2 (2 > 0) first, the bias label 3 (1 > 0), the full
        // score label 2 (σ(2) > σ(1)). Point 1 in cluster 0: w·h label 1 (1 > -1), bias label 1 (3 > 0), full
        // label 1 (σ(4) > σ(-1)).
        assertEquals(100.0, d.get("oracle_beam_P@1"));
        assertEquals(50.0, d.get("oracle_beam_P@1_bias_only"));
        assertEquals(100.0, d.get("oracle_beam_P@1_wh_only"));
        assertEquals(0, d.get("points_without_a_reachable_positive"));
        assertEquals(100.0, d.get("labels_reachable"));
    }

    @Test
    void aWiderBeamFindsThePositiveClustersAndUnreachableLabelsAreCounted() {
        assertEquals(100.0, BeamDiagnostics.of(INDEX, EMB, TRUTH, 2).get("positive_clusters_in_beam"));
        // Label 3 in no cluster's slots: 75% reachable; a point whose only positive is label 3 has no oracle path.
        ClusterAdjacency partial = new ClusterAdjacency(2, 4, 2, new int[] {0, 1, 2, ClusterAdjacency.PAD},
                new float[] {1, 1, 1, 0});
        HostWeights index = new HostWeights(1, 1f, INDEX.wc(), INDEX.bc(), INDEX.wl(), INDEX.bl(),
                new float[] {1, 1, 1, 0}, partial);
        CsrMatrix onlyLabel3 = CsrMatrix.of(1, 4, new long[] {0, 1}, new int[] {3}, new float[] {1});
        Map<String, Object> d = BeamDiagnostics.of(index, new float[] {1}, onlyLabel3, 1);
        assertEquals(75.0, d.get("labels_reachable"));
        assertEquals(1, d.get("points_without_a_reachable_positive"));
        assertEquals(0.0, d.get("oracle_beam_P@1"));
    }
}
