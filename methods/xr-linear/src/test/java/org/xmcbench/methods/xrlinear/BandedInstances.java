package org.xmcbench.methods.xrlinear;

import java.util.SplittableRandom;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;

/** Small learnable data for XR-Linear tests: one label per instance, whose features sit near the label's band. */
final class BandedInstances {
    private BandedInstances() {}

    /** {@code {x, y}}: n instances of 7 random features, those within 6 of 3 x label carrying the signal. */
    static CsrMatrix[] of(long seed, int n, int features, int labels) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder xb = new CsrBuilder(features, n, n * 8);
        CsrBuilder yb = new CsrBuilder(labels, n, n * 2);
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(labels);
            for (int f : r.ints(7, 0, features).distinct().sorted().toArray()) {
                xb.add(f, (float) (r.nextDouble() + (Math.abs(f - 3 * label) < 6 ? 2 : 0)));
            }
            xb.endRow();
            yb.add(label, 1f);
            yb.endRow();
        }
        return new CsrMatrix[] {xb.build(), yb.build()};
    }
}
