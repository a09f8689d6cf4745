package org.xmcbench.methods.neural.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Clipping by the global l2 norm of all gradients, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {}

    /** Scales the gradients so their global norm is at most {@code maxNorm}; returns the norm before clipping. */
    public static float clipByGlobalNorm(Collection<Parameter> params, float maxNorm) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> grads = new ArrayList<>();
            NDArray sumSq = null;
            for (Parameter p : params) {
                NDArray w = p.getArray();
                if (!w.hasGradient()) {
                    continue;
                }
                NDArray g = w.getGradient();
                grads.add(g);
                NDArray s = g.square().sum();
                sumSq = sumSq == null ? s : sumSq.add(s);
            }
            if (sumSq == null) {
                return 0f;
            }
            float norm = (float) Math.sqrt(sumSq.getFloat()); // the one host sync of the step
            if (maxNorm > 0 && norm > maxNorm) {
                float scale = maxNorm / (norm + 1e-6f);
                for (NDArray g : grads) {
                    g.muli(scale);
                }
            }
            return norm;
        }
    }
}
