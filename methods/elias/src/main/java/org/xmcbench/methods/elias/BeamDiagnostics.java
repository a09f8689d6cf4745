package org.xmcbench.methods.elias;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Where a trained ELIAS index loses its held-out points, measured apart (issue: ELIAS collapsing at a CPU budget):
 * whether the beam finds the positives' clusters, whether the beam is spread over the clusters or stuck on a few,
 * and, with an oracle beam (exactly the positives' own parent clusters), whether the label classifiers rank a
 * positive first — by the full score {@code σ(w·h + b) · path}, by the bias {@code b} alone and by {@code w·h} alone.
 * A full-score oracle P@1 near the bias-only one says the classifiers learned label priors, not the query; a low
 * cluster recall with a high oracle P@1 says the cluster classifier is what fails.
 */
final class BeamDiagnostics {
    private BeamDiagnostics() {}

    /**
     * @param emb row-major held-out embeddings, a row per row of {@code truth}
     * @param beam the search's beam (clusters visited per query)
     */
    static Map<String, Object> of(HostWeights index, float[] emb, CsrMatrix truth, int beam) {
        ClusterAdjacency adj = index.adjacency();
        int clusters = adj.clusters();
        int width = adj.width();
        int dim = index.dim();
        int[] parent = adj.parents(index.edges());
        long[] use = new long[clusters];
        long positiveClusters = 0;
        long found = 0;
        int[] oracleHits = new int[3]; // full score, bias alone, w·h alone
        int unreachable = 0;
        int n = truth.rows();
        float[] s = new float[clusters];
        for (int q = 0; q < n; q++) {
            index.clusterScores(emb, q, s, 0);
            int[] top = ClusterBeam.top(s, 1, clusters, beam)[0];
            boolean[] inBeam = new boolean[clusters];
            for (int c : top) {
                inBeam[c] = true;
                use[c]++;
            }
            boolean[] positive = new boolean[adj.labels()];
            boolean[] oracle = new boolean[clusters];
            for (long p = truth.rowStart(q); p < truth.rowEnd(q); p++) {
                positive[truth.index(p)] = true;
                int c = parent[truth.index(p)];
                if (c >= 0 && !oracle[c]) {
                    oracle[c] = true;
                    positiveClusters++;
                    found += inBeam[c] ? 1 : 0;
                }
            }
            // Each label reachable from the oracle clusters, with its best path score.
            Map<Integer, Float> path = new HashMap<>();
            for (int c = 0; c < clusters; c++) {
                if (!oracle[c]) {
                    continue;
                }
                for (int slot = 0; slot < width; slot++) {
                    int l = adj.label(c, slot);
                    if (l != ClusterAdjacency.PAD) {
                        path.merge(l, s[c] * index.edges()[c * width + slot], Math::max);
                    }
                }
            }
            if (path.isEmpty()) {
                unreachable++;
                continue;
            }
            int[] best = {-1, -1, -1};
            double[] bestScore = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (Map.Entry<Integer, Float> e : path.entrySet()) {
                int l = e.getKey();
                double wh = 0;
                for (int j = 0; j < dim; j++) {
                    wh += index.wl()[l * dim + j] * emb[q * dim + j];
                }
                double bias = index.bl()[l];
                double[] score = {e.getValue() / (1 + Math.exp(-(wh + bias))), bias, wh};
                for (int k = 0; k < 3; k++) {
                    if (score[k] > bestScore[k] || score[k] == bestScore[k] && l < best[k]) {
                        bestScore[k] = score[k];
                        best[k] = l;
                    }
                }
            }
            for (int k = 0; k < 3; k++) {
                oracleHits[k] += positive[best[k]] ? 1 : 0;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("beam", beam);
        out.put("positive_clusters_in_beam", percent(found, positiveClusters));
        int used = 0;
        double entropy = 0;
        long visits = (long) n * Math.min(beam, clusters);
        for (long u : use) {
            if (u > 0) {
                used++;
                double p = (double) u / visits;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        out.put("clusters_used", used);
        out.put("clusters", clusters);
        out.put("cluster_use_entropy_bits", round(entropy));
        out.put("cluster_use_entropy_max_bits", round(Math.log(clusters) / Math.log(2)));
        out.put("oracle_beam_P@1", percent(oracleHits[0], n));
        out.put("oracle_beam_P@1_bias_only", percent(oracleHits[1], n));
        out.put("oracle_beam_P@1_wh_only", percent(oracleHits[2], n));
        out.put("points_without_a_reachable_positive", unreachable);
        out.put("labels_reachable", percent(adj.labels() - adj.unreachableLabels(), adj.labels()));
        return out;
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? Double.NaN : round(100.0 * part / whole);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
