package org.xmcbench.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs the worker as a child JVM of this one, on this machine's JDK and classpath. This JVM holds the worker's
 * stdin open and never writes to it: if this JVM dies in any way, even by SIGKILL, the worker reads the end of
 * its input and stops itself.
 */
public final class LocalBackend implements RunBackend {
    private final String heap;

    public LocalBackend(String heap) {
        this.heap = heap;
    }

    @Override
    public Exit execute(RunSpec spec, Path specFile, Path log, Duration timeout, Duration grace)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(RunBackend.workerCommand(java, heap, System.getProperty("java.class.path"),
                specFile, timeout, true)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        // A harness that is itself terminated (kill, a batch system's SIGTERM) stops its worker too, instead of
        // leaving it to run on unowned.
        Thread stopWorker = new Thread(() -> stop(p), "xmc-stop-worker");
        Runtime.getRuntime().addShutdownHook(stopWorker);
        try (OutputStream harnessAlive = p.getOutputStream()) {
            if (!p.waitFor(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                return new Exit(null, false, null);
            }
            return new Exit(p.exitValue(), false, null);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopWorker);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the worker
            }
        }
    }

    /** SIGTERM first, so the worker's shutdown hooks run (a container it started is removed); then SIGKILL. */
    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
