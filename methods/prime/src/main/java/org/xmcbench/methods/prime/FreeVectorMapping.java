package org.xmcbench.methods.prime;

import java.util.List;
import org.xmcbench.methods.neural.dualencoder.BalancedClusters;

/**
 * Which free vector each label uses. PRIME shares a bank of fewer free vectors than labels: labels are grouped by
 * balanced hierarchical spherical 2-means of their (l2-normalised) text embeddings, and a group shares one vector,
 * so labels with similar texts share the free part of their prototype.
 *
 * @param vectorOf the free-vector row of each label
 * @param numVectors rows of the bank (the number of groups formed)
 */
record FreeVectorMapping(int[] vectorOf, int numVectors) {

    /**
     * @param requested bank size; 0 for the released ratio (the largest power of two at most half the labels, as
     *                  65,536 vectors for LF-AmazonTitles-131K's 131,073 labels)
     */
    static FreeVectorMapping of(float[] labelTextEmbeddings, int numLabels, int dim, int requested, long seed) {
        int wanted = requested > 0 ? requested : Integer.highestOneBit(Math.max(1, numLabels / 2));
        int[] vectorOf = new int[numLabels];
        if (wanted >= numLabels) {
            for (int l = 0; l < numLabels; l++) {
                vectorOf[l] = l;
            }
            return new FreeVectorMapping(vectorOf, numLabels);
        }
        int maxSize = (numLabels + wanted - 1) / wanted;
        List<int[]> groups = BalancedClusters.cluster(labelTextEmbeddings, numLabels, dim, maxSize, 8, seed);
        for (int g = 0; g < groups.size(); g++) {
            for (int l : groups.get(g)) {
                vectorOf[l] = g;
            }
        }
        return new FreeVectorMapping(vectorOf, groups.size());
    }
}
