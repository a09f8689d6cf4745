package org.xmcbench.core.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A run context that records each phase's wall and CPU time (CPU of the calling thread, from the JVM's thread
 * MX bean) in order of first use. Progress is ignored unless a progress factory is given; with one, the start of
 * each phase is logged too, so whoever watches the progress also sees which phase it belongs to.
 */
public final class SimpleRunContext implements RunContext {
    /** Accumulated time of one named phase. */
    public record PhaseTime(double wallSeconds, double cpuSeconds) {}

    private final long seed;
    private final Device device;
    private final Path scratch;
    private final BooleanSupplier cancelled;
    private final java.util.function.BiFunction<String, Long, Progress> progressFactory;
    private final Map<String, PhaseTime> phases = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Object> records = new LinkedHashMap<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public SimpleRunContext(long seed, Device device, Path scratch, BooleanSupplier cancelled) {
        this(seed, device, scratch, cancelled, null);
    }

    /** With a factory that shows progress (e.g. a console progress bar); null ignores progress. */
    public SimpleRunContext(long seed, Device device, Path scratch, BooleanSupplier cancelled,
            java.util.function.BiFunction<String, Long, Progress> progressFactory) {
        this.progressFactory = progressFactory;
        this.seed = seed;
        this.device = device;
        this.scratch = scratch;
        this.cancelled = cancelled;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Path scratchDir() {
        return scratch;
    }

    @Override
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("run cancelled");
        }
    }

    @Override
    public Progress progress(String task, long total) {
        if (progressFactory != null) {
            Progress shown = progressFactory.apply(task, total);
            return new Progress() {
                @Override
                public void step(long n) {
                    checkCancelled();
                    shown.step(n);
                }

                @Override
                public void close() {
                    shown.close();
                }
            };
        }
        return new Progress() {
            @Override
            public void step(long n) {
                checkCancelled();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public Phase phase(String name) {
        if (progressFactory != null) {
            log("[phase] " + name);
        }
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        return () -> {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
            phases.merge(name, new PhaseTime(wall, cpu),
                    (a, b) -> new PhaseTime(a.wallSeconds() + b.wallSeconds(), a.cpuSeconds() + b.cpuSeconds()));
        };
    }

    /** Phase timings so far, in order of first use. */
    @Override
    public void record(String key, Object value) {
        synchronized (records) {
            records.put(key, value);
        }
    }

    /** What the method recorded, in order of first record. */
    public Map<String, Object> records() {
        synchronized (records) {
            return new LinkedHashMap<>(records);
        }
    }

    public Map<String, PhaseTime> phases() {
        synchronized (phases) {
            return new LinkedHashMap<>(phases);
        }
    }
}
