package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run folder ({@code run.lock}, an OS file lock) held while a run executes: two harnesses
 * launching the same configuration at once (a resubmitted Slurm job beside a still-running one, two suites
 * sharing a results folder) cannot both run it; the second one sees it busy and skips it. The OS releases the
 * lock when its process dies, so a crash leaves nothing to clean up.
 */
final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or null when another process holds it. */
    static RunLock tryAcquire(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("run.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
