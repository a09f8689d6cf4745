package org.xmcbench.datasets.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive, blocking lock on a file of the download cache, held against other processes (an OS file lock,
 * released by the OS if the holder dies) and against other threads of this JVM (where an OS lock cannot tell
 * threads apart). A thread that already holds it may take it again.
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(ReentrantLock threads, FileChannel channel, FileLock lock) {
        this.threads = threads;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock on {@code file} (created if absent); {@code onWait} runs once if someone else has it. */
    static CacheLock acquire(Path file, Runnable onWait) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        ReentrantLock threads = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        if (!threads.tryLock()) {
            onWait.run();
            threads.lock();
        }
        if (threads.getHoldCount() > 1) {
            return new CacheLock(threads, null, null);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(key.getParent());
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                onWait.run();
                l = ch.lock();
            }
            return new CacheLock(threads, ch, l);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            threads.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock != null) {
                lock.release();
                channel.close();
            }
        } finally {
            threads.unlock();
        }
    }
}
