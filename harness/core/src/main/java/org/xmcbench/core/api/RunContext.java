package org.xmcbench.core.api;

import java.nio.file.Path;

/**
 * What the harness gives a method during fit and predict: its seed, its device, a scratch folder, a cancellation
 * check, a progress reporter and named phase timers (so a report can say where fit time went).
 */
public interface RunContext {
    /** The devices a method may run on. */
    enum Device { CPU, GPU }

    long seed();

    Device device();

    Path scratchDir();

    /** Throws {@link java.util.concurrent.CancellationException} when the run was cancelled (e.g. timed out). */
    void checkCancelled();

    /** Reports progress of a named task with a known total of steps. */
    Progress progress(String task, long total);

    /** A line for the run's log (the worker's log file when the harness runs it in a child JVM). */
    default void log(String line) {
        System.err.println(line);
    }

    /**
     * Records a value worth keeping with the run's results (e.g. the training loss per level); the harness writes
     * these under {@code fit_info} in run.json. Values must be JSON-friendly (numbers, strings, lists, maps).
     */
    default void record(String key, Object value) {}

    /** Starts a named phase (e.g. {@code cluster}, {@code finetune-level-2}); close it to stop its timer. */
    Phase phase(String name);

    /** A progress handle. */
    interface Progress extends AutoCloseable {
        void step(long n);

        @Override
        void close();
    }

    /** A running phase timer. */
    interface Phase extends AutoCloseable {
        @Override
        void close();
    }
}
