package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock in a run folder. Two locks guard a run:
 * <ul>
 *   <li>{@value #HARNESS}, held by the harness that launches the run while it runs: two harnesses launching the
 *       same configuration at once (a resubmitted Slurm job beside a still-running one, two suites sharing a
 *       results folder) cannot both run it; the second one sees it busy and skips it;</li>
 *   <li>{@value #WORKER}, held by the worker itself for its whole life, so a worker whose harness was killed
 *       outright (SIGKILL, the OOM killer) still keeps every later harness off the run until it has ended. A
 *       worker in a container holds it too: the run folder is mounted, and the lock is the host kernel's.</li>
 * </ul>
 * The OS releases a lock when its process dies, so a crash leaves nothing to clean up.
 */
final class RunLock implements AutoCloseable {
    static final String HARNESS = "run.lock";
    static final String WORKER = "worker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The harness's lock on the run, or null when another process holds it. */
    static RunLock tryAcquire(Path dir) throws IOException {
        return tryAcquire(dir, HARNESS);
    }

    /** The lock {@code name} in {@code dir}, or null when another process (or this one) holds it. */
    static RunLock tryAcquire(Path dir, String name) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
            l = null;
        }
        if (l == null) {
            ch.close();
            return null;
        }
        return new RunLock(ch, l);
    }

    /** Whether a live worker holds the run: a check made under the harness's lock, so no new worker can appear. */
    static boolean workerAlive(Path dir) throws IOException {
        try (RunLock free = tryAcquire(dir, WORKER)) {
            return free == null;
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
