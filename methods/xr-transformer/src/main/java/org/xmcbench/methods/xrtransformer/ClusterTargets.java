package org.xmcbench.methods.xrtransformer;

import java.util.TreeMap;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * The targets of one fine-tuning level, {@code Y·C_t}: instance i's row holds, for every cluster of level t that
 * contains one of its labels, the summed label values under that cluster (PECOS aggregates the same way).
 */
final class ClusterTargets {
    private ClusterTargets() {}

    /**
     * @param y instances x labels
     * @param labelToCluster cluster of every label at the level (a row of the chain's label paths)
     * @param clusters clusters at the level
     */
    static CsrMatrix aggregate(CsrMatrix y, int[] labelToCluster, int clusters) {
        CsrBuilder b = new CsrBuilder(clusters, y.rows(), y.nnz());
        TreeMap<Integer, Float> row = new TreeMap<>();
        for (int i = 0; i < y.rows(); i++) {
            row.clear();
            for (long p = y.rowStart(i); p < y.rowEnd(i); p++) {
                row.merge(labelToCluster[y.index(p)], Math.abs(y.value(p)), Float::sum);
            }
            row.forEach(b::add);
            b.endRow();
        }
        return b.build();
    }

    /** The rows {@code ids} of {@code m}, in that order. */
    static CsrMatrix rows(CsrMatrix m, int[] ids) {
        CsrBuilder b = new CsrBuilder(m.cols(), ids.length, Math.max(1, m.nnz() / Math.max(1, m.rows()) * ids.length));
        for (int i : ids) {
            for (long p = m.rowStart(i); p < m.rowEnd(i); p++) {
                b.add(m.index(p), m.value(p));
            }
            b.endRow();
        }
        return b.build();
    }
}
