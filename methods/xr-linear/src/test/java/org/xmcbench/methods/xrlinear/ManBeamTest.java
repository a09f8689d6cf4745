package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.data.CsrMatrix;

/**
 * PECOS mines a level's matcher-aware negatives by predicting down the levels above it, each keeping its own
 * {@code only_topk} (XR-Transformer's released rankers: 75, 75, 100 on eurlex-4k). The beam of each level must be the
 * one given for that level, and it must reach the training of the level that mines.
 */
class ManBeamTest {
    private static final int N = 300;
    private static final int FEATURES = 120;
    private static final int LABELS = 40;

    /** Learnable instances over a tree of 4, 16 clusters and the 40 labels (leaves of at most 3). */
    private static CsrMatrix[] data() {
        return BandedInstances.of(5, N, FEATURES, LABELS);
    }

    private static XrLinearTrainer.Params params(String sampling, int... manBeams) {
        return new XrLinearTrainer.Params(4, 3, 4, 20, 7, 1, 1, 0.1, 100, 1, 0.1, "pifa", 0.5, sampling, "disable",
                "no-norm", manBeams, "l3-hinge");
    }

    private static XrLinearModel train(CsrMatrix[] d, XrLinearTrainer.Params p, Path tmp) {
        return XrLinearTrainer.train(d[0], d[1], null, p, new SimpleRunContext(0, RunContext.Device.CPU, tmp,
                () -> false));
    }

    @Test
    void eachLevelKeepsItsOwnBeam(@TempDir Path tmp) {
        CsrMatrix[] d = data();
        XrLinearModel m = train(d, params("tfn", 10), tmp);
        assertEquals(3, m.levels(), "clusters, clusters, labels");
        PostProcessor.Applied post = PostProcessor.parse("l3-hinge");
        int[] perInstance = reachedPerInstance(BeamSearch.reachedNodes(m, d[0], new int[] {1}, post, LABELS));
        assertTrue(Arrays.stream(perInstance).allMatch(c -> c == 1), "one entry: width 1 at every level");

        // Width 1 at the two cluster levels, 3 at the labels: each instance reaches the labels of a single leaf.
        int[][] reached = BeamSearch.reachedNodes(m, d[0], new int[] {1, 1, 3}, post, LABELS);
        int[] leafOf = new int[N];
        Arrays.fill(leafOf, -1);
        for (int label = 0; label < LABELS; label++) {
            for (int i : reached[label]) {
                int leaf = m.parent[2][label];
                assertTrue(leafOf[i] == -1 || leafOf[i] == leaf, "instance " + i + " reached two leaves");
                leafOf[i] = leaf;
            }
        }
        int[] counts = reachedPerInstance(reached);
        assertTrue(Arrays.stream(counts).anyMatch(c -> c > 1), "the label level kept more than one");

        // The last entry repeats below: {4} keeps 4 at every level, as {4, 4, 4}.
        assertEquals(Arrays.deepToString(BeamSearch.reachedNodes(m, d[0], new int[] {4, 4, 4}, post, LABELS)),
                Arrays.deepToString(BeamSearch.reachedNodes(m, d[0], new int[] {4}, post, LABELS)));
    }

    @Test
    void theMiningBeamReachesTheLastLevelsTraining(@TempDir Path tmp) {
        CsrMatrix[] d = data();
        float[][] narrow = train(d, params("tfn+man-last", 1), tmp).denseLevel(2);
        float[][] wide = train(d, params("tfn+man-last", 4, 8), tmp).denseLevel(2);
        assertFalse(Arrays.deepEquals(narrow, wide), "more matcher-aware negatives change the label classifiers");
        float[][] tfnNarrow = train(d, params("tfn", 1), tmp).denseLevel(2);
        float[][] tfnWide = train(d, params("tfn", 4, 8), tmp).denseLevel(2);
        assertTrue(Arrays.deepEquals(tfnNarrow, tfnWide), "without man the beam is never searched");
    }

    @Test
    void aBeamBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> params("tfn+man", 10, 0));
        assertThrows(IllegalArgumentException.class, () -> params("tfn+man"));
    }

    private static int[] reachedPerInstance(int[][] reached) {
        int[] count = new int[N];
        for (int[] node : reached) {
            for (int i : node) {
                count[i]++;
            }
        }
        return count;
    }
}
