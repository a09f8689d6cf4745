package org.xmcbench.cli.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * Runs one {@link RunSpec} in its own worker JVM (a child process, or a container: see {@link RunBackend}) with a
 * heap limit and a timeout. A crash, an OutOfMemoryError, a
 * native abort or a timeout kills that child only; the parent then records a failed {@code run.json} with the
 * stage the child had reached and why it failed, and the suite goes on. A harness terminated by a signal records
 * the run it interrupts as failed, saying so ({@link HarnessSignals}); a worker outliving its harness, or its
 * timeout, stops itself ({@link WorkerEnd}) and keeps any other harness off the run meanwhile ({@link RunLock}).
 */
public final class RunLauncher {
    /** How long past its timeout a worker may take to record its own timeout before its backend kills it. */
    static final Duration WORKER_GRACE = Duration.ofSeconds(10);
    /** How long a terminated harness waits for the interrupted run's record: longer than a worker takes to stop. */
    private static final Duration SHUTDOWN_RECORD_WAIT = Duration.ofSeconds(60);

    /** What happened to a run. */
    public enum Outcome { SUCCESS, FAILED, SKIPPED }

    /** The result of launching one run. */
    public record Result(Outcome outcome, Path dir, String reason, double wallSeconds) {}

    private final Path resultsRoot;
    private final Duration timeout;
    private final String memory;
    private final RunBackend backend;
    /** Set when this JVM's shutdown has begun (a shutdown hook saw it). */
    private volatile boolean shuttingDown;
    /** Where each worker's log is copied as it is written, or null: the log file only. */
    private PrintStream followTo;

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

    /** Copies each worker's log to {@code to} while the worker runs (its stages, phases and progress). */
    public RunLauncher followWorkerLogs(PrintStream to) {
        this.followTo = to;
        return this;
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
     * @param skipFailed also skip runs that already failed (continuing a killed suite), except those that failed
     *     only because their harness was stopped: those run again
     */
    public Result launch(RunSpec requested, boolean force, boolean skipFailed) throws IOException, InterruptedException {
        RunSpec spec = backend.prepare(requested);
        Path dir = runDir(spec).toAbsolutePath();
        if (stopReason() != null) {
            return new Result(Outcome.SKIPPED, dir, "not started: " + stopReason(), 0);
        }
        if (!force && done(dir, skipFailed)) {
            return new Result(Outcome.SKIPPED, dir, RunRecord.status(dir), 0);
        }
        Files.createDirectories(dir);
        try (RunLock lock = RunLock.tryAcquire(dir)) {
            if (lock == null) {
                return new Result(Outcome.SKIPPED, dir, "running elsewhere (run.lock held)", 0);
            }
            // A worker whose harness was killed outright may still be running: never start a second one beside it.
            if (RunLock.workerAlive(dir)) {
                return new Result(Outcome.SKIPPED, dir, "running elsewhere (a live worker holds "
                        + RunLock.WORKER + ")", 0);
            }
            // Another harness may have finished it between the check above and taking the lock.
            if (!force && done(dir, skipFailed)) {
                return new Result(Outcome.SKIPPED, dir, RunRecord.status(dir), 0);
            }
            return launchLocked(spec, dir);
        }
    }

    private static boolean done(Path dir, boolean skipFailed) {
        String status = RunRecord.status(dir);
        return "success".equals(status)
                || skipFailed && "failed".equals(status) && !FailedRecord.interrupted(dir);
    }

    private Result launchLocked(RunSpec spec, Path dir) throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onShutdown = new Thread(() -> recordShutdown(spec, dir, t0, finished), "xmc-record-shutdown");
        Runtime.getRuntime().addShutdownHook(onShutdown); // first: a harness already stopping touches nothing
        try {
            Files.deleteIfExists(dir.resolve(RunRecord.FILE));
            Files.deleteIfExists(dir.resolve("stage"));
            Provenance.forgetMeasured(dir);
            Path specFile = dir.resolve("spec.json");
            AtomicFiles.writeString(specFile, RunSpec.JSON.writeValueAsString(spec) + "\n");
            Path log = dir.resolve("worker.log");
            // A follower starts at the new log's first byte, never in the last run's.
            Files.deleteIfExists(log);
            RunBackend.Exit exit;
            if (followTo != null) {
                followTo.println("running " + spec.method() + " on " + spec.dataset() + " in " + dir + " (log: "
                        + log.getFileName() + ", timeout " + human(timeout) + ")");
            }
            try (WorkerLogFollower follower = followTo == null ? null : new WorkerLogFollower(log, followTo)) {
                exit = backend.execute(spec, specFile, log, timeout, WORKER_GRACE);
            }
            return recordExit(spec, dir, t0, exit);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the record is written
            }
        }
    }

    private Result recordExit(RunSpec spec, Path dir, Instant t0, RunBackend.Exit exit) throws IOException {
        Path log = dir.resolve("worker.log");
        double wall = Duration.between(t0, Instant.now()).toNanos() / 1e9;
        String status = RunRecord.status(dir);
        if (exit.exitCode() != null && exit.exitCode() == 0 && "success".equals(status)) {
            return new Result(Outcome.SUCCESS, dir, null, wall);
        }
        if (exit.exitCode() != null && exit.exitCode() == RunWorker.ANOTHER_WORKER) {
            return new Result(Outcome.SKIPPED, dir, "running elsewhere (a live worker holds " + RunLock.WORKER + ")",
                    wall);
        }
        String reason;
        boolean interrupted = false;
        if (stopReason() != null) {
            reason = stopReason();
            interrupted = true;
        } else if (exit.timedOut()) {
            reason = "timeout: exceeded " + human(timeout);
        } else if (exit.exitCode() == WorkerEnd.RECORDED_FAILURE && "failed".equals(status)) {
            // The worker recorded why it stopped (its own deadline); keep its reason, add what only we know.
            Map<String, Object> own = RunRecord.read(dir);
            reason = String.valueOf(own.get("reason"));
            interrupted = Boolean.TRUE.equals(own.get(FailedRecord.INTERRUPTED));
        } else if (exit.outOfMemory()) {
            reason = "out of memory: " + exit.detail() + " (exit " + exit.exitCode() + ")";
        } else if (exit.exitCode() != 0 && tail(log, 4000).contains("OutOfMemoryError")) {
            // -XX:+ExitOnOutOfMemoryError: the worker prints the error and exits, in a container or not.
            reason = "out of memory: heap limit -Xmx" + memory + " exhausted (exit " + exit.exitCode() + ")";
        } else if (exit.exitCode() == 143) {
            reason = "worker terminated by SIGTERM (cancelled, preempted or a scheduler's time limit)";
        } else if (exit.exitCode() != 0) {
            reason = "worker exited with status " + exit.exitCode() + lastException(tail(log, 4000));
        } else {
            reason = "worker exited without a successful run.json";
        }
        FailedRecord.write(spec, dir, reason, interrupted, wall, memory, timeout);
        return new Result(Outcome.FAILED, dir, reason, wall);
    }

    /**
     * From a shutdown hook, when this harness is terminated while a run is in progress: the run's record must say
     * so. The launching thread writes it once the backend has stopped the worker (its own hooks do that); this
     * waits for that thread, and writes the record itself if the thread ended without one (the backend failed as
     * its worker was stopped) or cannot finish in time. A record the run wrote before it was stopped (its
     * success) is kept.
     */
    private void recordShutdown(RunSpec spec, Path dir, Instant t0, CountDownLatch finished) {
        shuttingDown = true;
        try {
            finished.await(SHUTDOWN_RECORD_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (RunRecord.status(dir) == null) {
                FailedRecord.write(spec, dir, stopReason(), true, Duration.between(t0, Instant.now()).toNanos() / 1e9,
                        memory, timeout);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not record the interrupted run in " + dir + ": " + e);
        }
    }

    /**
     * Why this harness is stopping, or null: the reason recorded for the run it interrupts. The signal is noted
     * before any shutdown hook runs, so the run's record names it whichever thread writes it first.
     */
    private String stopReason() {
        String signal = HarnessSignals.received();
        if (signal == null && !shuttingDown) {
            return null;
        }
        return "harness terminated by " + (signal != null ? signal : "a shutdown of its JVM")
                + " while the run was in progress; the worker was stopped";
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

    public static String human(Duration d) {
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
