package org.xmcbench.methods.xrlinear;

import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/**
 * The label embeddings the tree is clustered on, as PECOS's {@code LabelEmbeddingFactory} names them: {@code pifa};
 * {@code lf} (the dataset's label features, e.g. LF datasets' {@code lbl_X_Xf}); {@code pifa_lf_concat}
 * ([pifa | label features], side by side); {@code pifa_lf_convex_combine} (alpha pifa + (1 - alpha) label features,
 * same feature space).
 */
final class LabelEmbedding {
    private LabelEmbedding() {}

    static CsrMatrix create(String method, CsrMatrix x, CsrMatrix y, CsrMatrix labelFeatures, double alpha) {
        if (!method.equals("pifa") && labelFeatures == null) {
            throw new IllegalArgumentException("label_embedding=" + method + " needs label features (lbl_X_Xf), "
                    + "which this dataset does not have");
        }
        if (labelFeatures != null && labelFeatures.rows() != y.cols()) {
            throw new IllegalArgumentException("label features have " + labelFeatures.rows() + " rows, labels "
                    + y.cols());
        }
        return switch (method) {
            case "pifa" -> Pifa.embed(x, y);
            case "lf" -> labelFeatures;
            case "pifa_lf_concat" -> concat(Pifa.embed(x, y), labelFeatures);
            case "pifa_lf_convex_combine" -> convex(Pifa.embed(x, y), labelFeatures, alpha);
            default -> throw new IllegalArgumentException("unknown label_embedding '" + method
                    + "' (pifa, lf, pifa_lf_concat, pifa_lf_convex_combine)");
        };
    }

    static CsrMatrix concat(CsrMatrix a, CsrMatrix b) {
        CsrBuilder out = new CsrBuilder(a.cols() + b.cols(), a.rows(), a.nnz() + b.nnz());
        for (int r = 0; r < a.rows(); r++) {
            for (long p = a.rowStart(r); p < a.rowEnd(r); p++) {
                out.add(a.index(p), a.value(p));
            }
            for (long p = b.rowStart(r); p < b.rowEnd(r); p++) {
                out.add(a.cols() + b.index(p), b.value(p));
            }
            out.endRow();
        }
        return out.build();
    }

    static CsrMatrix convex(CsrMatrix a, CsrMatrix b, double alpha) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("pifa_lf_convex_combine needs label features in the instance feature "
                    + "space (" + a.cols() + " columns), got " + b.cols());
        }
        CsrBuilder out = new CsrBuilder(a.cols(), a.rows(), a.nnz() + b.nnz());
        for (int r = 0; r < a.rows(); r++) {
            long p = a.rowStart(r);
            long q = b.rowStart(r);
            while (p < a.rowEnd(r) || q < b.rowEnd(r)) {
                int ca = p < a.rowEnd(r) ? a.index(p) : Integer.MAX_VALUE;
                int cb = q < b.rowEnd(r) ? b.index(q) : Integer.MAX_VALUE;
                int c = Math.min(ca, cb);
                double v = (ca == c ? alpha * a.value(p++) : 0) + (cb == c ? (1 - alpha) * b.value(q++) : 0);
                out.add(c, (float) v);
            }
            out.endRow();
        }
        return out.build();
    }
}
