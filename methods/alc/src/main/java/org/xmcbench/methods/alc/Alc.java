package org.xmcbench.methods.alc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Presets;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.methods.neural.dualencoder.DualEncoder;
import org.xmcbench.methods.neural.train.BatchObjective;
import org.xmcbench.methods.prime.Prime;

/**
 * ALC (Almagro et al., 2025), as interpreted here: a base dual-encoder method ({@code dual-encoder} or
 * {@code prime}) trained with its own loss plus auxiliary objectives on the hardest in-batch negatives (a
 * hardest-negative margin and a pair-discrimination head) and, optionally, the threshold-consistent margin loss.
 * The paper's exact objectives are not public in a form we have; what each term does is documented on its class
 * and in methods/alc/README.md. Inference is the base's: the query encoder searched against the label
 * representations, and the similarity is what a coverage threshold is applied to.
 *
 * <p>The base's fit parameters are passed through by name ({@code steps=250}, {@code lpn_lr_scale=2.5}) and
 * {@code base_preset} names one of the base's presets; both are validated by the base.
 */
public final class Alc implements MethodStrategy {
    private static final Map<String, MethodStrategy> BASES = Map.of("dual-encoder", new DualEncoder(),
            "prime", new Prime());
    private final DualEncoder inference = new DualEncoder();

    @Override
    public String id() {
        return "alc";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("ALC (auxiliary hardest-negative objectives + threshold-consistent margin; "
                + "an interpretation)", "Fine-grained auxiliary learning for real-world product recommendation "
                + "(arXiv:2510.04551)", 2025, Set.of(MethodDescriptor.Input.RAW_TEXT,
                MethodDescriptor.Input.LABEL_TEXT, MethodDescriptor.Input.TRAIN_LABELS), true, true);
    }

    @Override
    public ParamSpec fitParams() {
        ParamSpec spec = new ParamSpec()
                .add("base", ParamSpec.Type.STRING, "dual-encoder", "the method ALC trains: dual-encoder | prime")
                .add("base_preset", ParamSpec.Type.STRING, "", "a preset of the base (e.g. quick); empty for none")
                .add("hardest_negative", ParamSpec.Type.BOOLEAN, true,
                        "objective 1: margin between each query's positive and its hardest in-batch negative")
                .add("hardest_weight", ParamSpec.Type.DOUBLE, 1.0, "objective 1: weight")
                .add("hardest_margin", ParamSpec.Type.DOUBLE, 0.2, "objective 1: margin (cosine units)")
                .add("pair_discrimination", ParamSpec.Type.BOOLEAN, true,
                        "objective 2: pair head separating positives from the hardest in-batch negatives")
                .add("pair_weight", ParamSpec.Type.DOUBLE, 1.0, "objective 2: weight")
                .add("pair_negatives", ParamSpec.Type.INT, 3, "objective 2: hardest negatives per query")
                .add("pair_temperature", ParamSpec.Type.DOUBLE, 0.05, "objective 2: similarity scale in the logit"
                        + " s/T + head")
                .add("pair_consistency", ParamSpec.Type.DOUBLE, 1.0, "objective 2: weight of the penalty on the"
                        + " head's pair-specific correction (keeps its output consistent with the similarity)")
                .add("pair_hidden", ParamSpec.Type.INT, 256, "objective 2: the head's hidden units")
                .add("tcm", ParamSpec.Type.BOOLEAN, false, "threshold-consistent margin loss (Zhang et al. 2024)")
                .add("tcm_weight", ParamSpec.Type.DOUBLE, 1.0, "TCM: weight of the whole term")
                .add("tcm_positive_margin", ParamSpec.Type.DOUBLE, 0.9, "TCM: m+, positives below it are penalised")
                .add("tcm_negative_margin", ParamSpec.Type.DOUBLE, 0.5, "TCM: m-, negatives above it are penalised")
                .add("tcm_positive_weight", ParamSpec.Type.DOUBLE, 1.0, "TCM: lambda+")
                .add("tcm_negative_weight", ParamSpec.Type.DOUBLE, 1.0, "TCM: lambda-");
        for (String name : baseParameterNames()) {
            if (!spec.params().containsKey(name)) {
                spec.add(name, ParamSpec.Type.STRING, "", "passed to the base method (its value when empty)");
            }
        }
        return spec;
    }

    /** Every fit parameter of either base, in a stable order. */
    private static Set<String> baseParameterNames() {
        Set<String> names = new java.util.TreeSet<>();
        BASES.values().forEach(b -> names.addAll(b.fitParams().params().keySet()));
        return names;
    }

    @Override
    public ParamSpec queryParams() {
        return inference.queryParams();
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return Map.of();
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params p, RunContext ctx) throws IOException {
        String baseId = p.getString("base");
        MethodStrategy base = BASES.get(baseId);
        if (base == null) {
            throw new IllegalArgumentException("base must be one of " + new TreeMap<>(BASES).keySet() + ", got '"
                    + baseId + "'");
        }
        Params baseParams = base.fitParams().resolve(Presets.expand(base, givenBaseParams(p, base)));
        ctx.record("base", baseId);
        ctx.record("base_fit_params", baseParams.values());
        BatchObjective objectives = objectives(p, ctx.seed());
        if (objectives == null) {
            ctx.log("alc: every objective is off, so this is the base method alone");
        }
        return base instanceof Prime prime ? prime.fit(data, baseParams, ctx, objectives)
                : ((DualEncoder) base).fit(data, baseParams, ctx, objectives);
    }

    /** The pass-through parameters that were given, and the base's preset when named. */
    private static Map<String, String> givenBaseParams(Params p, MethodStrategy base) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : baseParameterNames()) {
            String v = p.getString(name);
            if (!v.isEmpty()) {
                if (!base.fitParams().params().containsKey(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' is not one of base '" + base.id()
                            + "' (its parameters: " + base.fitParams().params().keySet() + ")");
                }
                given.put(name, v);
            }
        }
        if (!p.getString("base_preset").isEmpty()) {
            given.put(Presets.KEY, p.getString("base_preset"));
        }
        return given;
    }

    /** The switched-on objectives, or null when none is. */
    static AlcObjectives objectives(Params p, long seed) {
        HardestNegativeMargin hardest = p.getBoolean("hardest_negative")
                ? new HardestNegativeMargin((float) p.getDouble("hardest_margin")) : null;
        PairDiscrimination pair = p.getBoolean("pair_discrimination")
                ? new PairDiscrimination(p.getInt("pair_negatives"), (float) p.getDouble("pair_temperature"),
                        (float) p.getDouble("pair_consistency"), p.getInt("pair_hidden")) : null;
        ThresholdConsistentMargin tcm = p.getBoolean("tcm")
                ? new ThresholdConsistentMargin((float) p.getDouble("tcm_positive_margin"),
                        (float) p.getDouble("tcm_negative_margin"), (float) p.getDouble("tcm_positive_weight"),
                        (float) p.getDouble("tcm_negative_weight")) : null;
        if (hardest == null && pair == null && tcm == null) {
            return null;
        }
        return new AlcObjectives(hardest, (float) p.getDouble("hardest_weight"), pair,
                (float) p.getDouble("pair_weight"), tcm, (float) p.getDouble("tcm_weight"), seed);
    }

    @Override
    public TopK predict(TrainedModel trained, Queries queries, int k, Params qp, RunContext ctx) {
        if (queries.texts() == null) {
            throw new IllegalArgumentException("alc needs the queries' raw texts");
        }
        return inference.predict(trained, queries, k, qp, ctx);
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        return inference.load(dir, ctx);
    }
}
