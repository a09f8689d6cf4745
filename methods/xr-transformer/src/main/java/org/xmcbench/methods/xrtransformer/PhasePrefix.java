package org.xmcbench.methods.xrtransformer;

import java.nio.file.Path;
import org.xmcbench.core.api.RunContext;

/**
 * A run context whose phase and progress names carry a prefix, so that the XR-Linear models XR-Transformer trains
 * (bootstrap layers, the ranker) report their phases apart from each other in run.json.
 */
record PhasePrefix(RunContext inner, String prefix) implements RunContext {
    @Override
    public long seed() {
        return inner.seed();
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public Path scratchDir() {
        return inner.scratchDir();
    }

    @Override
    public void checkCancelled() {
        inner.checkCancelled();
    }

    @Override
    public Progress progress(String task, long total) {
        return inner.progress(prefix + task, total);
    }

    @Override
    public void log(String line) {
        inner.log(line);
    }

    @Override
    public void record(String key, Object value) {
        inner.record(prefix + key, value);
    }

    @Override
    public Phase phase(String name) {
        return inner.phase(prefix + name);
    }
}
