package org.xmcbench.methods.elias;

import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic weight averaging as ELIAS-2 uses it: a running mean, kept on the host, of the weights at regular steps
 * ({@code swa_step}) from a given point on; the adjacency's logits are left out. {@link #apply()} writes the mean
 * into the model at the end of the stage (the released code swaps it in for prediction and saving).
 */
final class Swa {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, float[]> mean = new LinkedHashMap<>();
    private int models;

    Swa(Map<String, Parameter> encoder, Map<String, Parameter> heads) {
        params.putAll(encoder);
        heads.forEach((k, v) -> {
            if (!k.startsWith("A.")) {
                params.put("head." + k, v);
            }
        });
    }

    /** Adds the current weights to the mean. */
    void add() {
        models++;
        double w = 1.0 / models;
        params.forEach((name, p) -> {
            float[] now = p.getArray().toFloatArray();
            float[] m = mean.get(name);
            if (m == null) {
                mean.put(name, now);
                return;
            }
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) (m[i] * (1 - w) + now[i] * w);
            }
        });
    }

    int models() {
        return models;
    }

    /** Replaces the weights by their mean (nothing when no weights were added). */
    void apply() {
        if (models == 0) {
            return;
        }
        params.forEach((name, p) -> p.getArray().set(FloatBuffer.wrap(mean.get(name))));
    }
}
