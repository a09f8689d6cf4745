package org.xmcbench.methods.prime;

import java.util.Arrays;

/**
 * NGAME's negative-mining-aware batches as PRIME schedules them: after {@code randomEpochs} epochs of random
 * batches (the release: 10, so the encoder has learnt something before its embeddings choose the negatives),
 * training queries are clustered into small groups of similar queries and a batch is several such clusters, so each
 * query's in-batch negatives include the positives of similar queries. Clusters start small and double at given
 * epochs (harder negatives as the model improves); they are re-formed with the current encoder every
 * {@code refreshEpochs} epochs.
 *
 * @param initialSize queries per cluster at epoch 0
 * @param doublingEpochs epochs at which the cluster size doubles
 * @param refreshEpochs epochs between re-clusterings (and whenever the size changes)
 * @param randomEpochs epochs of random batches before the first clustering
 */
record ClusterSchedule(int initialSize, int[] doublingEpochs, int refreshEpochs, int randomEpochs) {

    ClusterSchedule {
        if (initialSize < 1 || refreshEpochs < 1 || randomEpochs < 0) {
            throw new IllegalArgumentException("cluster_size and refresh_epochs must be >= 1, random_epochs >= 0");
        }
        doublingEpochs = doublingEpochs.clone();
        Arrays.sort(doublingEpochs);
    }

    /** Stable text (the fingerprint of a checkpoint includes it). */
    @Override
    public String toString() {
        return "random for " + randomEpochs + " epochs, then clusters " + initialSize + " doubling at "
                + Arrays.toString(doublingEpochs) + " refresh every " + refreshEpochs;
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

    /** Whether {@code epoch} draws random batches rather than clusters. */
    boolean randomAt(int epoch) {
        return epoch < randomEpochs;
    }

    /** Whether the batches are re-formed at the start of {@code epoch} (epoch 0 always). */
    boolean refreshesAt(int epoch, int batchSize) {
        return randomAt(epoch) || epoch == 0 || epoch == randomEpochs || epoch % refreshEpochs == 0
                || clusterSize(epoch, batchSize) != clusterSize(epoch - 1, batchSize);
    }
}
