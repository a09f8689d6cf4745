package org.xmcbench.methods.neural.train;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Parameters that share optimizer settings. The usual fine-tuning split: weight decay on weight matrices only, none
 * on biases and LayerNorm scales/shifts (decaying those towards 0 hurts and is not what BERT recipes do).
 *
 * @param parameters by name
 * @param lrScale multiplies the scheduled learning rate (e.g. 10 for a freshly initialised head)
 * @param weightDecay decoupled weight decay
 */
public record ParamGroup(Map<String, Parameter> parameters, float lrScale, float weightDecay) {

    /** True for biases and LayerNorm parameters, by type or by Hugging Face name. */
    public static boolean noDecay(String name, Parameter p) {
        return p.getType() == Parameter.Type.BIAS || p.getType() == Parameter.Type.GAMMA
                || p.getType() == Parameter.Type.BETA || name.contains("LayerNorm") || name.endsWith(".bias");
    }

    /** The standard two groups over the given parameters. */
    public static java.util.List<ParamGroup> decayAndNoDecay(Map<String, Parameter> params, float lrScale,
                                                             float weightDecay) {
        return java.util.List.of(
                new ParamGroup(select(params, (n) -> !noDecay(n, params.get(n))), lrScale, weightDecay),
                new ParamGroup(select(params, (n) -> noDecay(n, params.get(n))), lrScale, 0f));
    }

    /** A block's parameters that train (gradient required), by their path in the block. */
    public static Map<String, Parameter> trainable(ai.djl.nn.Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        block.getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue());
            }
        });
        return out;
    }

    private static Map<String, Parameter> select(Map<String, Parameter> params, Predicate<String> keep) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        params.forEach((n, p) -> {
            if (keep.test(n)) {
                out.put(n, p);
            }
        });
        return out;
    }
}
