package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * Runs one {@link RunSpec} in its own worker JVM (a child process, or a container: see {@link RunBackend}) with a
 * heap limit and a timeout. A crash, an OutOfMemoryError, a
 * native abort or a timeout kills that child only; the parent then records a failed {@code run.json} with the
 * stage the child had reached and why it failed, and the suite goes on.
 */
public final class RunLauncher {
    /** What happened to a run. */
    public enum Outcome { SUCCESS, FAILED, SKIPPED }

    /** The result of launching one run. */
    public record Result(Outcome outcome, Path dir, String reason, double wallSeconds) {}

    private final Path resultsRoot;
    private final Duration timeout;
    private final String memory;
    private final RunBackend backend;

    /** Runs on this machine, each worker a child JVM. */
    public RunLauncher(Path resultsRoot, Duration timeout, String memory) {
        this(resultsRoot, timeout, memory, new LocalBackend(memory));
    }

    public RunLauncher(Path resultsRoot, Duration timeout, String memory, RunBackend backend) {
        this.resultsRoot = resultsRoot;
        this.timeout = timeout;
        this.memory = memory;
        this.backend = backend;
    }

    public Path runDir(RunSpec spec) {
        return resultsRoot.resolve("runs").resolve(safe(spec.dataset())).resolve(safe(spec.method()))
                .resolve(spec.shortHash());
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * @param force run even when a successful record exists
     * @param skipFailed also skip runs that already failed (continuing a killed suite)
     */
    public Result launch(RunSpec requested, boolean force, boolean skipFailed) throws IOException, InterruptedException {
        RunSpec spec = backend.prepare(requested);
        Path dir = runDir(spec).toAbsolutePath();
        String status = RunRecord.status(dir);
        if (!force && ("success".equals(status) || skipFailed && "failed".equals(status))) {
            return new Result(Outcome.SKIPPED, dir, status, 0);
        }
        Files.createDirectories(dir);
        try (RunLock lock = RunLock.tryAcquire(dir)) {
            if (lock == null) {
                return new Result(Outcome.SKIPPED, dir, "running elsewhere (run.lock held)", 0);
            }
            // Another harness may have finished it between the check above and taking the lock.
            status = RunRecord.status(dir);
            if (!force && ("success".equals(status) || skipFailed && "failed".equals(status))) {
                return new Result(Outcome.SKIPPED, dir, status, 0);
            }
            return launchLocked(spec, dir);
        }
    }

    private Result launchLocked(RunSpec spec, Path dir) throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve(RunRecord.FILE));
        Files.deleteIfExists(dir.resolve("stage"));
        Provenance.forgetMeasured(dir);
        Path specFile = dir.resolve("spec.json");
        AtomicFiles.writeString(specFile, RunSpec.JSON.writeValueAsString(spec) + "\n");
        Path log = dir.resolve("worker.log");
        Instant t0 = Instant.now();
        RunBackend.Exit exit = backend.execute(spec, specFile, log, timeout);
        String reason = null;
        if (exit.timedOut()) {
            reason = "timeout: exceeded " + human(timeout);
        } else if (exit.outOfMemory()) {
            reason = "out of memory: " + exit.detail() + " (exit " + exit.exitCode() + ")";
        } else if (exit.exitCode() != 0 && tail(log, 4000).contains("OutOfMemoryError")) {
            // -XX:+ExitOnOutOfMemoryError: the worker prints the error and exits, in a container or not.
            reason = "out of memory: heap limit -Xmx" + memory + " exhausted (exit " + exit.exitCode() + ")";
        } else if (exit.exitCode() == 143) {
            reason = "worker terminated by SIGTERM (cancelled, preempted or a scheduler's time limit)";
        } else if (exit.exitCode() != 0) {
            reason = "worker exited with status " + exit.exitCode() + lastException(tail(log, 4000));
        }
        double wall = Duration.between(t0, Instant.now()).toNanos() / 1e9;
        if (reason == null && "success".equals(RunRecord.status(dir))) {
            return new Result(Outcome.SUCCESS, dir, null, wall);
        }
        if (reason == null) {
            reason = "worker exited without a successful run.json";
        }
        writeFailed(spec, dir, reason, wall, log);
        return new Result(Outcome.FAILED, dir, reason, wall);
    }

    private void writeFailed(RunSpec spec, Path dir, String reason, double wall, Path log) throws IOException {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("status", "failed");
        failed.put("stage", stageReached(dir));
        failed.put("reason", reason);
        failed.putAll(RunRecord.header(spec, Methods.installed().get(spec.method())));
        failed.put("log_tail", tail(log, 2000));
        failed.put("wall_s", wall);
        failed.put("memory_limit", memory);
        failed.put("timeout_s", timeout.toSeconds());
        failed.put("provenance", Provenance.ofRun(spec, dir));
        failed.put("finished_at", Instant.now().toString());
        RunRecord.write(dir, failed);
    }

    /**
     * Records a failure for a run whose launcher is being stopped (a shutdown hook), unless a record exists: the
     * run's own, or the failure the launcher wrote when its worker died first.
     */
    public void recordIfUnrecorded(RunSpec spec, Path dir, String reason) {
        try {
            if (RunRecord.status(dir) == null && java.nio.file.Files.isRegularFile(dir.resolve("spec.json"))) {
                writeFailed(backend.prepare(spec), dir, reason, 0, dir.resolve("worker.log"));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not record the interrupted run in " + dir + ": " + e);
        }
    }

    static String stageReached(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve("stage")) ? Files.readString(dir.resolve("stage")).trim()
                    : "start";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String lastException(String tail) {
        String found = null;
        for (String line : tail.split("\n")) {
            if (line.matches("^(Exception in thread|[a-zA-Z_$][\\w.$]*(Exception|Error)\\b).*")) {
                found = line.trim();
            }
        }
        return found == null ? "" : ": " + found;
    }

    public static String tail(Path file, int chars) {
        try {
            String s = Files.readString(file);
            return s.length() <= chars ? s : s.substring(s.length() - chars);
        } catch (IOException e) {
            return "";
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }

    /** Parses {@code 90s}, {@code 10m}, {@code 2h}, or ISO-8601 ({@code PT10M}). */
    public static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt")) {
                d = Duration.parse(t);
            } else {
                long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
                d = switch (t.replaceAll("^[0-9]+", "")) {
                    case "", "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "ms" -> Duration.ofMillis(n);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (RuntimeException e) { // NumberFormat, DateTimeParse and Arithmetic (overflow) alike
            throw new IllegalArgumentException("bad duration '" + s + "' (e.g. 90s, 10m, 2h)");
        }
        // A zero limit would record every run as timed out, and --resume would then skip them all.
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a duration must be positive, got '" + s + "'");
        }
        return d;
    }
}
