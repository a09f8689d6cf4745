package org.xmcbench.methods.xrlinear;

import java.util.ArrayList;
import java.util.List;

/**
 * The levels of the label tree, top down, as PECOS builds them from the binary tree's leaf codes: the leaves form
 * the last cluster level; while a level has more than {@code minCodes} clusters, a coarser level groups
 * {@code nrSplits} consecutive clusters (code / nrSplits); a single root sits above. Level {@code t} has
 * {@code sizes[t]} nodes; {@code parent[t][j]} is node j's parent at level t-1 (the root for t = 0). The last
 * level's nodes are the labels.
 */
public final class ClusterChain {
    final int[] sizes;
    final int[][] parent;

    private ClusterChain(int[] sizes, int[][] parent) {
        this.sizes = sizes;
        this.parent = parent;
    }

    public int levels() {
        return sizes.length;
    }

    /** Nodes at level {@code t}. */
    public int size(int t) {
        return sizes[t];
    }

    /**
     * The top {@code levels} levels of this chain as a chain of their own, whose last level's nodes play the labels
     * (XR-Transformer trains its matcher, and bootstraps each level's classifiers, on such truncated chains).
     */
    public ClusterChain truncate(int levels) {
        if (levels < 1 || levels > sizes.length) {
            throw new IllegalArgumentException("cannot keep " + levels + " of " + sizes.length + " levels");
        }
        return new ClusterChain(java.util.Arrays.copyOf(sizes, levels), java.util.Arrays.copyOf(parent, levels));
    }

    public static ClusterChain build(int[] labelLeafCode, int leaves, int minCodes, int nrSplits) {
        List<int[]> parents = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        parents.add(labelLeafCode);
        sizes.add(labelLeafCode.length);
        int cur = leaves;
        while (cur > minCodes) {
            int[] p = new int[cur];
            for (int c = 0; c < cur; c++) {
                p[c] = c / nrSplits;
            }
            parents.add(0, p);
            sizes.add(0, cur);
            cur = (cur - 1) / nrSplits + 1;
        }
        parents.add(0, new int[cur]); // level 0: every top cluster under the single root
        sizes.add(0, cur);
        int[] s = sizes.stream().mapToInt(Integer::intValue).toArray();
        return new ClusterChain(s, parents.toArray(new int[0][]));
    }

    /** The nodes of level {@code t} grouped by their parent (at level t-1; the root for t = 0), ascending. */
    public int[][] children(int t) {
        int parents = t == 0 ? 1 : sizes[t - 1];
        int[] count = new int[parents];
        for (int q : parent[t]) {
            count[q]++;
        }
        int[][] out = new int[parents][];
        for (int q = 0; q < parents; q++) {
            out[q] = new int[count[q]];
        }
        int[] fill = new int[parents];
        for (int j = 0; j < parent[t].length; j++) {
            out[parent[t][j]][fill[parent[t][j]]++] = j;
        }
        return out;
    }

    /** For each label, its node at every level: {@code path[t][label]}. */
    public int[][] labelPaths() {
        int levels = levels();
        int labels = sizes[levels - 1];
        int[][] path = new int[levels][labels];
        for (int l = 0; l < labels; l++) {
            int node = l;
            for (int t = levels - 1; t >= 0; t--) {
                path[t][l] = node;
                node = parent[t][node];
            }
        }
        return path;
    }
}
