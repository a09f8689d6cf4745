package org.xmcbench.methods.xrlinear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.xmcbench.core.api.CandidateScorer;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;

/** XR-Linear (PECOS; Yu et al. 2022, JMLR) as an xmcbench strategy, with PECOS's default parameters. */
public final class XrLinear implements MethodStrategy, CandidateScorer {
    @Override
    public String id() {
        return "xr-linear";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("XR-Linear", "PECOS: Prediction for Enormous and Correlated Output Spaces (JMLR)",
                2022, Set.of(MethodDescriptor.Input.SPARSE_FEATURES, MethodDescriptor.Input.TRAIN_LABELS), false,
                true);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec()
                .add("nr_splits", ParamSpec.Type.INT, 16, "out-degree of the label tree")
                .add("max_leaf_size", ParamSpec.Type.INT, 100, "largest leaf cluster")
                .add("min_codes", ParamSpec.Type.INT, 16, "clusters at the top level (PECOS: nr_splits)")
                .add("kmeans_max_iter", ParamSpec.Type.INT, 20, "2-means iterations per split")
                .add("seed", ParamSpec.Type.INT, 0, "clustering and solver seed")
                .add("Cp", ParamSpec.Type.DOUBLE, 1.0, "cost of positives")
                .add("Cn", ParamSpec.Type.DOUBLE, 1.0, "cost of negatives")
                .add("eps", ParamSpec.Type.DOUBLE, 0.1, "solver stopping tolerance")
                .add("max_iter", ParamSpec.Type.INT, 100, "solver passes")
                .add("bias", ParamSpec.Type.DOUBLE, 1.0, "bias feature value")
                .add("threshold", ParamSpec.Type.DOUBLE, 0.1, "weights below this magnitude are dropped")
                .add("label_embedding", ParamSpec.Type.STRING, "pifa",
                        "pifa | lf | pifa_lf_concat | pifa_lf_convex_combine (lf* use the label features)")
                .add("lf_alpha", ParamSpec.Type.DOUBLE, 0.5, "pifa weight of pifa_lf_convex_combine")
                .add("negative_sampling", ParamSpec.Type.STRING, "tfn",
                        "tfn | tfn+man (adds matcher-aware negatives) | tfn+man-last (at the last level only)")
                .add("rel_mode", ParamSpec.Type.STRING, "disable", "disable | induce (cost-sensitive positives)")
                .add("rel_norm", ParamSpec.Type.STRING, "no-norm", "no-norm | l1 | l2 | max")
                .add("train_beam_size", ParamSpec.Type.INT, 10, "beam used to mine tfn+man negatives")
                .add("train_post_processor", ParamSpec.Type.STRING, "l3-hinge", "post-processor for mining");
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec()
                .add("beam_size", ParamSpec.Type.INT, 10, "clusters kept per level")
                .add("only_topk", ParamSpec.Type.INT, 10, "labels kept at the last level")
                .add("post_processor", ParamSpec.Type.STRING, "l3-hinge", "noop | sigmoid | lP-hinge | log-...");
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params params, RunContext ctx) {
        if (data.trainFeatures() == null) {
            throw new IllegalArgumentException(data.name() + " has no sparse features; xr-linear needs them");
        }
        XrLinearTrainer.Params p = new XrLinearTrainer.Params(params.getInt("nr_splits"),
                params.getInt("max_leaf_size"), params.getInt("min_codes"), params.getInt("kmeans_max_iter"),
                params.getInt("seed") + ctx.seed(), params.getDouble("Cp"), params.getDouble("Cn"),
                params.getDouble("eps"), params.getInt("max_iter"), params.getDouble("bias"),
                params.getDouble("threshold"), params.getString("label_embedding"), params.getDouble("lf_alpha"),
                params.getString("negative_sampling"), params.getString("rel_mode"), params.getString("rel_norm"),
                new int[] {params.getInt("train_beam_size")}, params.getString("train_post_processor"));
        return XrLinearTrainer.train(data.trainFeatures(), data.trainLabels(), data.labelFeatures(), p, ctx);
    }

    @Override
    public TopK predict(TrainedModel model, Queries queries, int k, Params qp, RunContext ctx) {
        if (queries.features() == null) {
            throw new IllegalArgumentException("xr-linear needs sparse features for the queries");
        }
        return BeamSearch.predict((XrLinearModel) model, queries.features(), qp.getInt("beam_size"),
                qp.getInt("only_topk"), k, PostProcessor.parse(qp.getString("post_processor")), ctx);
    }

    @Override
    public CsrMatrix scoreCandidates(TrainedModel model, Queries queries, CsrMatrix candidates, Params qp,
            RunContext ctx) {
        return SelectedOutputs.score((XrLinearModel) model, queries.features(), candidates,
                PostProcessor.parse(qp.getString("post_processor")));
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        return XrLinearModel.load(dir);
    }
}
