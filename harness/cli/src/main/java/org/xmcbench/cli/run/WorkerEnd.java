package org.xmcbench.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a worker's run ends: exactly one final {@code run.json}, from whichever comes first of the run's own result,
 * its deadline, and the death of the harness that launched it. A worker thus never runs on unowned and unbounded
 * (its harness killed outright gets no chance to stop it), and never records a success after overrunning its
 * timeout.
 */
final class WorkerEnd {
    /** The worker's exit status once it has recorded its own failure: the launcher keeps that record's reason. */
    static final int RECORDED_FAILURE = 3;
    /** How long the JVM's shutdown (a method's container being removed) may take before the worker halts. */
    private static final Duration EXIT_BACKSTOP = Duration.ofSeconds(20);

    private final RunSpec spec;
    private final Path dir;
    private final Duration timeout;
    private final String memory;
    private final long deadlineNanos;
    private boolean ended;

    /** The deadline counts from this JVM's start: the harness's own clock started a little earlier still. */
    WorkerEnd(RunSpec spec, Path dir, Duration timeout, String memory) {
        this.spec = spec;
        this.dir = dir;
        this.timeout = timeout;
        this.memory = memory;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        this.deadlineNanos = System.nanoTime() + timeout.toNanos() - TimeUnit.MILLISECONDS.toNanos(uptime);
    }

    /**
     * Writes the run's successful record, unless the run already ended or has overrun its deadline (then it is
     * recorded as a timeout).
     *
     * @return whether the success was recorded
     */
    synchronized boolean success(Map<String, Object> record) throws IOException {
        if (ended) {
            return false;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            fail(timeoutReason(), false);
            return false;
        }
        ended = true;
        RunRecord.write(dir, record);
        return true;
    }

    /** Ends the run as failed when the deadline passes: recorded by the worker itself, then it exits. */
    void watchDeadline() {
        daemon("xmc-worker-deadline", () -> {
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
            failAndExit(timeoutReason(), false);
        });
    }

    /**
     * Ends the run as failed when its harness dies. The harness holds the other end of this worker's stdin and
     * never writes to it: end of input means the harness process is gone, however it died.
     */
    void watchHarness(InputStream fromHarness) {
        daemon("xmc-harness-watch", () -> {
            try {
                while (fromHarness.read() != -1) {
                    // nothing is sent: only the end of the stream matters
                }
            } catch (IOException closed) {
                // the same: the harness's end is gone
            }
            failAndExit("harness died: the harness process that launched this worker ended while the run was in "
                    + "progress (killed outright, e.g. SIGKILL or the OOM killer); the worker stopped itself", true);
        });
    }

    private String timeoutReason() {
        return "timeout: exceeded " + RunLauncher.human(timeout) + " (the worker's own deadline)";
    }

    private synchronized boolean fail(String reason, boolean interrupted) {
        if (ended) {
            return false;
        }
        ended = true;
        double wall = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        try {
            FailedRecord.write(spec, dir, reason, interrupted, wall, memory, timeout);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not record the failed run in " + dir + ": " + e);
        }
        return true;
    }

    private void failAndExit(String reason, boolean interrupted) {
        if (!fail(reason, interrupted)) {
            return; // the run's own record came first; the worker is exiting anyway
        }
        System.err.println("xmc worker: " + reason);
        // Shutdown hooks run (a method's container is removed); a hook that hangs must not keep the worker alive.
        daemon("xmc-worker-halt", () -> {
            try {
                Thread.sleep(EXIT_BACKSTOP.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(RECORDED_FAILURE);
        });
        System.exit(RECORDED_FAILURE);
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
