package org.xmcbench.core.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;

/**
 * An XMC method as the harness sees it, discovered through {@link java.util.ServiceLoader}. Fit parameters and
 * query parameters are separate (as in ann-benchmarks): one fit serves every query setting of a grid.
 */
public interface MethodStrategy {
    /** Stable id used on the command line and in result paths, e.g. {@code xr-linear}. */
    String id();

    MethodDescriptor descriptor();

    /** Fit-time parameters with their defaults. */
    ParamSpec fitParams();

    /** Query-time parameters (beam size, shortlist size, ...) with their defaults. */
    ParamSpec queryParams();

    /**
     * Named presets of fit parameters (e.g. a paper's released configuration per dataset and encoder, or a
     * {@code quick} CPU setting): chosen with the fit parameter {@code preset=NAME}; parameters given explicitly
     * override the preset's (see {@link Presets#expand}).
     */
    default Map<String, Map<String, String>> presets() {
        return Map.of();
    }

    /** Trains on the train split of {@code data} (the test split must not be touched). */
    TrainedModel fit(XmcDataset data, Params params, RunContext ctx) throws Exception;

    /** Top-k predictions for {@code queries}, best first. */
    TopK predict(TrainedModel model, Queries queries, int k, Params queryParams, RunContext ctx) throws Exception;

    /**
     * For a method whose predictions are computed outside the harness, over the whole test set, during fit (a
     * reference implementation in a container): the seconds that program reported for predicting them. The harness
     * then reports that figure as the predict time and measures no batch-1 latency, since it cannot query the
     * program one row at a time. Null, the default, for a method that predicts in process.
     */
    default Double externalPredictSeconds(TrainedModel model) {
        return null;
    }

    /** Loads a model saved by {@link TrainedModel#save}: an inference-only run skips fit. */
    TrainedModel load(Path dir, RunContext ctx) throws IOException;
}
