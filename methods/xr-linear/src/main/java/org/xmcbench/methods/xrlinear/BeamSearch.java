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
public final class BeamSearch {
    private BeamSearch() {}

    /**
     * For each node of the model's last level, the sorted training instances whose beam contains it: PECOS's
     * matcher-aware negatives ({@code man}), predicted down the chain with the width of each level (PECOS: that
     * level's {@code only_topk}); level t keeps {@code beams[min(t, beams.length - 1)]}.
     */
    static int[][] reachedNodes(XrLinearModel m, CsrMatrix x, int[] beams, PostProcessor.Applied post, int nodes) {
        int[] keep = new int[m.levels()];
        for (int t = 0; t < keep.length; t++) {
            keep[t] = beams[Math.min(t, beams.length - 1)];
        }
        TopK top = predict(m, x, keep, keep[keep.length - 1], post, post, () -> { });
        int[] count = new int[nodes];
        for (int r = 0; r < top.rows(); r++) {
            for (int j = 0; j < top.k() && top.label(r, j) != TopK.PAD; j++) {
                count[top.label(r, j)]++;
            }
        }
        int[][] out = new int[nodes][];
        for (int j = 0; j < nodes; j++) {
            out[j] = new int[count[j]];
        }
        int[] fill = new int[nodes];
        for (int r = 0; r < top.rows(); r++) {
            for (int j = 0; j < top.k() && top.label(r, j) != TopK.PAD; j++) {
                int node = top.label(r, j);
                out[node][fill[node]++] = r;
            }
        }
        return out;
    }

    /** What predict needs from a run context: only the cancellation check. */
    @FunctionalInterface
    interface Cancellation {
        void check();
    }

    private static boolean better(double score, int node, double otherScore, int otherNode) {
        return score > otherScore || score == otherScore && node < otherNode;
    }

    static TopK predict(XrLinearModel m, CsrMatrix x, int beamSize, int onlyTopk, int k,
            PostProcessor.Applied post, RunContext ctx) {
        return predict(m, x, beamSize, onlyTopk, k, post, post, ctx::checkCancelled);
    }

    /**
     * As the single post-processor search, with {@code lastPost} at the last level (XR-Transformer's released
     * rankers use l3-hinge above and noop at the labels).
     */
    public static TopK predict(XrLinearModel m, CsrMatrix x, int beamSize, int onlyTopk, int k,
            PostProcessor.Applied post, PostProcessor.Applied lastPost, RunContext ctx) {
        return predict(m, x, beamSize, onlyTopk, k, post, lastPost, ctx::checkCancelled);
    }

    static TopK predict(XrLinearModel m, CsrMatrix x, int beamSize, int onlyTopk, int k,
            PostProcessor.Applied post, Cancellation cancel) {
        return predict(m, x, beamSize, onlyTopk, k, post, post, cancel);
    }

    private static TopK predict(XrLinearModel m, CsrMatrix x, int beamSize, int onlyTopk, int k,
            PostProcessor.Applied post, PostProcessor.Applied lastPost, Cancellation cancel) {
        int[] keep = new int[m.levels()];
        Arrays.fill(keep, beamSize);
        keep[keep.length - 1] = onlyTopk;
        return predict(m, x, keep, k, post, lastPost, cancel);
    }

    /** The search with the width of each level given ({@code keep[t]} nodes kept at level t; the last: labels). */
    private static TopK predict(XrLinearModel m, CsrMatrix x, int[] keep, int k,
            PostProcessor.Applied post, PostProcessor.Applied lastPost, Cancellation cancel) {
        int n = x.rows();
        TopK out = new TopK(n, Math.min(k, keep[keep.length - 1]));
        ThreadLocal<float[]> dense = ThreadLocal.withInitial(() -> new float[m.features]);
        ChildBlock[][] blocks = m.blocks();
        IntStream.range(0, n).parallel().forEach(r -> {
            if ((r & 1023) == 0) {
                cancel.check();
            }
            float[] q = dense.get();
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                int f = x.index(p);
                if (f < q.length) {
                    q[f] = x.value(p);
                }
            }
            int[] qIdx = new int[(int) (x.rowEnd(r) - x.rowStart(r))];
            int qn = 0;
            for (long p = x.rowStart(r); p < x.rowEnd(r); p++) {
                if (x.index(p) < q.length) {
                    qIdx[qn++] = x.index(p);
                }
            }
            double[] raw = new double[64];
            int[] beam = {0};
            double[] beamScore = {post.rootScore()};
            int levels = m.levels();
            for (int t = 0; t < levels; t++) {
                PostProcessor.Applied pp = t == levels - 1 ? lastPost : post;
                int total = 0;
                for (int b : beam) {
                    total += m.childStart[t][b + 1] - m.childStart[t][b];
                }
                int kept = Math.min(keep[t], total);
                int[] nextBeam = new int[kept];
                double[] nextScore = new double[kept];
                int filled = 0;
                for (int bi = 0; bi < beam.length; bi++) {
                    int b = beam[bi];
                    ChildBlock block = blocks[t][b];
                    if (raw.length < block.children()) {
                        raw = new double[Math.max(block.children(), 2 * raw.length)];
                    }
                    block.score(q, qIdx, qn, raw);
                    for (int s = m.childStart[t][b]; s < m.childStart[t][b + 1]; s++) {
                        int node = m.childNodes[t][s];
                        double sc = pp.combine(beamScore[bi], raw[s - m.childStart[t][b]]);
                        // Insert into the sorted top list (score descending, ties by ascending node id).
                        if (filled == kept && !better(sc, node, nextScore[kept - 1], nextBeam[kept - 1])) {
                            continue;
                        }
                        int pos = filled < kept ? filled++ : kept - 1;
                        while (pos > 0 && better(sc, node, nextScore[pos - 1], nextBeam[pos - 1])) {
                            nextScore[pos] = nextScore[pos - 1];
                            nextBeam[pos] = nextBeam[pos - 1];
                            pos--;
                        }
                        nextScore[pos] = sc;
                        nextBeam[pos] = node;
                    }
                }
                beam = nextBeam;
                beamScore = nextScore;
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
