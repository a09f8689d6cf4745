package org.xmcbench.methods.xrlinear;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;

/**
 * Beam-search prediction down the label tree: at each level the children of the nodes in the beam are scored,
 * their scores combined with the parent's by the post-processor, and the best {@code beamSize} kept
 * ({@code onlyTopk} at the last level, the labels). Ties by ascending node id.
 */
final class BeamSearch {
    private BeamSearch() {}

    static TopK predict(XrLinearModel m, CsrMatrix x, int beamSize, int onlyTopk, int k,
            PostProcessor.Applied post, RunContext ctx) {
        int n = x.rows();
        TopK out = new TopK(n, Math.min(k, onlyTopk));
        ThreadLocal<float[]> dense = ThreadLocal.withInitial(() -> new float[m.features]);
        IntStream.range(0, n).parallel().forEach(r -> {
            if ((r & 1023) == 0) {
                ctx.checkCancelled();
            }
            float[] q = dense.get();
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                int f = x.index(p);
                if (f < q.length) {
                    q[f] = x.value(p);
                }
            }
            int[] beam = {0};
            double[] beamScore = {post.rootScore()};
            int levels = m.levels();
            for (int t = 0; t < levels; t++) {
                int keep = t == levels - 1 ? onlyTopk : beamSize;
                int total = 0;
                for (int b : beam) {
                    total += m.childStart[t][b + 1] - m.childStart[t][b];
                }
                int[] cand = new int[total];
                double[] score = new double[total];
                int c = 0;
                for (int bi = 0; bi < beam.length; bi++) {
                    int b = beam[bi];
                    for (int s = m.childStart[t][b]; s < m.childStart[t][b + 1]; s++) {
                        int node = m.childNodes[t][s];
                        cand[c] = node;
                        score[c] = post.combine(beamScore[bi], m.weights[t][node].dot(q));
                        c++;
                    }
                }
                Integer[] order = new Integer[total];
                for (int i = 0; i < total; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, bb) -> score[a] != score[bb] ? Double.compare(score[bb], score[a])
                        : Integer.compare(cand[a], cand[bb]));
                int kept = Math.min(keep, total);
                beam = new int[kept];
                beamScore = new double[kept];
                for (int i = 0; i < kept; i++) {
                    beam[i] = cand[order[i]];
                    beamScore[i] = score[order[i]];
                }
            }
            for (int j = 0; j < Math.min(beam.length, out.k()); j++) {
                out.set(r, j, beam[j], (float) beamScore[j]);
            }
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                int f = x.index(p);
                if (f < q.length) {
                    q[f] = 0;
                }
            }
        });
        return out;
    }
}
