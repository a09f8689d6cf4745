package org.xmcbench.methods.neural.dualencoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.xmcbench.core.data.CsrMatrix;

/**
 * Which (query, positive label) pairs form the batch of a given step. An epoch visits every group of queries
 * (random groups, or NGAME's clusters of similar queries) once in a seeded shuffled order, and each query takes
 * one of its positives at random (uniformly, or in proportion to per-label weights). Everything is a function of
 * (seed, step), so a resumed run sees the same batches.
 */
public final class BatchPlan {
    private final List<int[]> groups;
    private final CsrMatrix labels;
    private final long seed;
    private final FalseNegatives falseNegatives;
    private final float[] positiveWeights;
    private List<int[]> epochOrder;
    private int epochOfOrder = -1;

    /**
     * One step's batch: queries, the positive label sampled for each, and row-major B×B masks (diagonal false):
     * which labels are also positives of a query, and which are false negatives of it (see {@link FalseNegatives}).
     */
    public record Batch(int[] queries, int[] positives, boolean[] alsoPositive, boolean[] falseNegative) {
        /** Where label j may not serve as a negative of query i: another positive of it, or a false negative. */
        public boolean[] notNegative() {
            boolean[] out = alsoPositive.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] |= falseNegative[i];
            }
            return out;
        }
    }

    public BatchPlan(List<int[]> groups, CsrMatrix labels, long seed) {
        this(groups, labels, seed, null, null);
    }

    /**
     * @param falseNegatives what else to mask out of the negatives, or null for label ids only
     * @param positiveWeights one weight per label: a query's positive is drawn with probability proportional to its
     *     label's weight among the query's positives (PRIME's release draws by inverse propensity); null: uniformly
     */
    public BatchPlan(List<int[]> groups, CsrMatrix labels, long seed, FalseNegatives falseNegatives,
                     float[] positiveWeights) {
        this.groups = new ArrayList<>();
        for (int[] g : groups) {
            int[] kept = Arrays.stream(g).filter(q -> labels.rowEnd(q) > labels.rowStart(q)).toArray();
            if (kept.length >= 2) { // a batch of one has no in-batch negative
                this.groups.add(kept);
            }
        }
        if (this.groups.isEmpty()) {
            throw new IllegalArgumentException("no batch of at least 2 queries with labels can be formed");
        }
        this.labels = labels;
        this.seed = seed;
        this.falseNegatives = falseNegatives;
        this.positiveWeights = positiveWeights;
    }

    /** Random groups of {@code batchSize} queries (no mining), reshuffled per {@code seed}. */
    public static List<int[]> randomGroups(int numQueries, int batchSize, long seed) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < numQueries; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(seed));
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < numQueries; from += batchSize) {
            out.add(ids.subList(from, Math.min(numQueries, from + batchSize)).stream().mapToInt(Integer::intValue)
                    .toArray());
        }
        return out;
    }

    /**
     * Clusters in a seeded random order, cut into batches of exactly {@code batchSize} queries (the last may be
     * short): NGAME packs many small clusters of similar queries into one batch, so a batch has the size asked for
     * however the clustering splits.
     */
    public static List<int[]> packClusters(List<int[]> clusters, int batchSize, long seed) {
        List<int[]> order = new ArrayList<>(clusters);
        Collections.shuffle(order, new Random(seed));
        int total = order.stream().mapToInt(c -> c.length).sum();
        int[] flat = new int[total];
        int at = 0;
        for (int[] c : order) {
            System.arraycopy(c, 0, flat, at, c.length);
            at += c.length;
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < total; from += batchSize) {
            batches.add(Arrays.copyOfRange(flat, from, Math.min(total, from + batchSize)));
        }
        return batches;
    }

    /** Groups of positions in {@code pool} as groups of the query ids there. */
    public static List<int[]> inPool(List<int[]> local, int[] pool) {
        List<int[]> out = new ArrayList<>(local.size());
        for (int[] g : local) {
            int[] q = new int[g.length];
            for (int i = 0; i < g.length; i++) {
                q[i] = pool[g[i]];
            }
            out.add(q);
        }
        return out;
    }

    public int batchesPerEpoch() {
        return groups.size();
    }

    public Batch batch(int step) {
        int epoch = step / groups.size();
        if (epoch != epochOfOrder) {
            epochOrder = new ArrayList<>(groups);
            Collections.shuffle(epochOrder, new Random(seed * 7919 + epoch));
            epochOfOrder = epoch;
        }
        int[] qs = epochOrder.get(step % groups.size());
        Random rnd = new Random(seed * 104_729 + step);
        int[] pos = new int[qs.length];
        for (int i = 0; i < qs.length; i++) {
            pos[i] = samplePositive(qs[i], rnd);
        }
        boolean[] also = new boolean[qs.length * qs.length];
        boolean[] falseNeg = new boolean[qs.length * qs.length];
        for (int i = 0; i < qs.length; i++) {
            for (int j = 0; j < qs.length; j++) {
                int at = i * qs.length + j;
                also[at] = i != j && hasLabel(qs[i], pos[j]);
                falseNeg[at] = i != j && !also[at] && falseNegatives != null
                        && falseNegatives.test(qs[i], pos[i], pos[j]);
            }
        }
        return new Batch(qs, pos, also, falseNeg);
    }

    /** One of the query's positives: uniformly, or in proportion to {@link #positiveWeights}. */
    private int samplePositive(int query, Random rnd) {
        long start = labels.rowStart(query);
        long end = labels.rowEnd(query);
        if (positiveWeights == null) {
            return labels.index(start + rnd.nextInt((int) (end - start)));
        }
        double total = 0;
        for (long p = start; p < end; p++) {
            total += positiveWeights[labels.index(p)];
        }
        // The step's Random is seeded linearly in the step, so its first draw barely moves from one step to the next:
        // fine for picking among a few positives, not for a draw by weight. A mixed generator spreads it.
        double u = new SplittableRandom(rnd.nextLong()).nextDouble() * total;
        for (long p = start; p < end - 1; p++) {
            u -= positiveWeights[labels.index(p)];
            if (u < 0) {
                return labels.index(p);
            }
        }
        return labels.index(end - 1);
    }

    /** Linear scan: rows hold a handful of labels, and the reader does not promise sorted indices. */
    private boolean hasLabel(int row, int label) {
        for (long p = labels.rowStart(row); p < labels.rowEnd(row); p++) {
            if (labels.index(p) == label) {
                return true;
            }
        }
        return false;
    }
}
