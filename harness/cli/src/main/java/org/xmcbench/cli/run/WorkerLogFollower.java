package org.xmcbench.cli.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Copies a worker's log to a stream (the harness's stderr) as the worker writes it, so whoever started a run sees
 * its stages, phases and progress bars live rather than only in {@code worker.log}. Polling, not a file watch:
 * the log may be written by a container engine or over a network file system, where watches miss writes.
 */
final class WorkerLogFollower implements AutoCloseable {
    /** How often the log is read: often enough for a progress bar to look live. */
    private static final long POLL_MS = 250;

    private final Path log;
    private final PrintStream to;
    private final Thread thread;
    private volatile boolean stopped;
    private long offset;
    private int lastByte = '\n';

    WorkerLogFollower(Path log, PrintStream to) {
        this.log = log;
        this.to = to;
        this.thread = new Thread(this::follow, "xmc-follow-worker-log");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        while (!stopped) {
            copyNew();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void copyNew() {
        try (SeekableByteChannel in = Files.newByteChannel(log)) {
            in.position(offset);
            ByteBuffer buf = ByteBuffer.allocate(8192);
            int n;
            while ((n = in.read(buf)) > 0) {
                to.write(buf.array(), 0, n);
                lastByte = buf.array()[n - 1];
                offset += n;
                buf.clear();
            }
            to.flush();
        } catch (NoSuchFileException notYet) {
            // the worker has not started writing
        } catch (IOException e) {
            // what is shown is a courtesy: the run and its log are unaffected
        }
    }

    /** Stops following once the worker has ended; copies what it wrote last and ends the line it left open. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        copyNew();
        if (lastByte != '\n') {
            to.println();
        }
    }
}
