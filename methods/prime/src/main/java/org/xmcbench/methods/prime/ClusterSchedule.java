package org.xmcbench.methods.prime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * NGAME's negative-mining-aware batches as PRIME schedules them: training queries are clustered into small groups
 * of similar queries and a batch is several such clusters, so each query's in-batch negatives include the
 * positives of similar queries. Clusters start small and double at given epochs (harder negatives as the model
 * improves); they are re-formed with the current encoder every {@code refreshEpochs} epochs.
 *
 * @param initialSize queries per cluster at epoch 0
 * @param doublingEpochs epochs at which the cluster size doubles
 * @param refreshEpochs epochs between re-clusterings (and whenever the size changes)
 */
record ClusterSchedule(int initialSize, int[] doublingEpochs, int refreshEpochs) {

    ClusterSchedule {
        if (initialSize < 1 || refreshEpochs < 1) {
            throw new IllegalArgumentException("cluster_size and refresh_epochs must be >= 1");
        }
        doublingEpochs = doublingEpochs.clone();
        Arrays.sort(doublingEpochs);
    }

    /** Stable text (the fingerprint of a checkpoint includes it). */
    @Override
    public String toString() {
        return "clusters " + initialSize + " doubling at " + Arrays.toString(doublingEpochs) + " refresh every "
                + refreshEpochs;
    }

    /** "10,25,50" → epochs; empty for none. */
    static int[] parseEpochs(String s) {
        if (s == null || s.isBlank()) {
            return new int[0];
        }
        try {
            return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cluster_doubling_epochs must be comma-separated integers, got '" + s
                    + "'");
        }
    }

    int clusterSize(int epoch, int batchSize) {
        int size = initialSize;
        for (int e : doublingEpochs) {
            if (e <= epoch) {
                size *= 2;
            }
        }
        return Math.min(size, batchSize);
    }

    /** Whether the batches are re-formed at the start of {@code epoch} (epoch 0 always). */
    boolean refreshesAt(int epoch, int batchSize) {
        return epoch == 0 || epoch % refreshEpochs == 0
                || clusterSize(epoch, batchSize) != clusterSize(epoch - 1, batchSize);
    }

    /** Clusters in a seeded random order, cut into batches of {@code batchSize} queries. */
    static List<int[]> pack(List<int[]> clusters, int batchSize, long seed) {
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
}
