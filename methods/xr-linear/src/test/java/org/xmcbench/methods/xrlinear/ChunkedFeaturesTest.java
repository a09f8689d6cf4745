package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.data.BigFloatArray;
import org.xmcbench.core.data.BigIntArray;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;

/**
 * Feature matrices beyond 2^30 non-zeros (XR-Transformer's ranker on [TF-IDF ‖ 768-d embedding] at Wiki-500K or
 * Amazon-3M carries ~1.3e9) are stored in several chunks; the solver used to refuse them. The same matrix split into
 * 32-entry chunks, the layout of such a matrix at a small size, must train the same model and predict the same.
 */
class ChunkedFeaturesTest {
    @Test
    void aChunkedFeatureMatrixTrainsTheSameModel(@TempDir Path tmp) {
        int n = 300;
        int features = 120;
        CsrMatrix[] data = BandedInstances.of(3, n, features, 40);
        CsrMatrix x = data[0];
        CsrMatrix y = data[1];
        int[] idx = new int[(int) x.nnz()];
        float[] val = new float[(int) x.nnz()];
        for (int p = 0; p < idx.length; p++) {
            idx[p] = x.index(p);
            val[p] = x.value(p);
        }
        CsrMatrix chunked = new CsrMatrix(n, features, x.indptr(), BigIntArray.chunked(idx, 5),
                BigFloatArray.chunked(val, 5));
        assertNull(chunked.indices().singleChunkOrNull(), "the chunked copy really has several chunks");

        XrLinearTrainer.Params p = new XrLinearTrainer.Params(4, 10, 4, 20, 7, 1, 1, 0.1, 100, 1, 0.1, "pifa", 0.5,
                "tfn+man", "disable", "no-norm", new int[] {10}, "l3-hinge");
        RunContext ctx = new SimpleRunContext(0, RunContext.Device.CPU, tmp, () -> false);
        XrLinearModel plain = XrLinearTrainer.train(x, y, null, p, ctx);
        XrLinearModel fromChunks = XrLinearTrainer.train(chunked, y, null, p, ctx);
        PostProcessor.Applied post = PostProcessor.parse("l3-hinge");
        TopK a = BeamSearch.predict(plain, x, 10, 10, 5, post, post, ctx);
        TopK b = BeamSearch.predict(fromChunks, chunked, 10, 10, 5, post, post, ctx);
        assertTrue(a.sameAs(b), "the same predictions, bit for bit");
        assertTrue(BeamSearch.predict(plain, chunked, 10, 10, 5, post, post, ctx).sameAs(a),
                "prediction reads a chunked matrix too");
    }
}
