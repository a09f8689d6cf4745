package org.xmcbench.methods.prime;

import java.util.Locale;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.metrics.InversePropensity;

/** How each query's one positive in a batch is drawn among its training labels. */
enum PositiveSampling {
    /**
     * The release's (kunaldahiya/prime {@code prime/libs/sdataset.py} {@code DatasetIS}): in proportion to the
     * label's inverse propensity (Jain et al. 2016, with the run's A and B), so rare labels are drawn more often.
     */
    PROPENSITY,
    /** Uniformly among the query's labels. */
    UNIFORM;

    static PositiveSampling parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "propensity" -> PROPENSITY;
            case "uniform" -> UNIFORM;
            default -> throw new IllegalArgumentException("positive_sampling must be propensity or uniform, got '" + s
                    + "'");
        };
    }

    /** One weight per label for {@code BatchPlan}, or null for uniform draws. */
    float[] labelWeights(CsrMatrix trainLabels, int numLabels, double a, double b) {
        if (this == UNIFORM) {
            return null;
        }
        InversePropensity ip = InversePropensity.fromTrainLabels(trainLabels, numLabels, a, b);
        float[] w = new float[numLabels];
        for (int l = 0; l < numLabels; l++) {
            w[l] = (float) ip.weight(l);
        }
        return w;
    }
}
