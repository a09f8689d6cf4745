package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xmcbench.datasets.catalog.DataHome;

/**
 * Where a run's worker JVM executes: a child process of this JVM ({@link LocalBackend}) or a container
 * ({@code org.xmcbench.cli.docker.DockerBackend}). The launcher around it owns skip-if-done and the failed record;
 * a backend only starts the worker, enforces the timeout, and says how it ended.
 */
public interface RunBackend {
    /**
     * How the worker ended.
     *
     * @param exitCode the worker's exit status, null when it was killed for exceeding the timeout
     * @param outOfMemory the process was killed for exceeding a limit the backend set (a container's memory); a
     *     heap exhausted inside the worker is read from its log by the launcher, the same for every backend
     * @param detail which limit, for the failure's reason, or null
     */
    record Exit(Integer exitCode, boolean outOfMemory, String detail) {
        boolean timedOut() {
            return exitCode == null;
        }
    }

    /** The spec as it will run: a backend may name its image and record its stack in the provenance. */
    default RunSpec prepare(RunSpec spec) {
        return spec;
    }

    /**
     * Runs the worker on {@code specFile}, its output going to {@code log}. The worker stops itself at
     * {@code timeout}; the backend kills it if it is still there {@code grace} later.
     */
    Exit execute(RunSpec spec, Path specFile, Path log, Duration timeout, Duration grace)
            throws IOException, InterruptedException;

    /**
     * The worker's command line, the same whichever backend runs it.
     *
     * @param timeout the worker's own deadline, from its start
     * @param watchStdin the worker treats the end of its stdin as its harness's death: only for a backend that
     *     holds the other end of that pipe for as long as the worker may run
     */
    static List<String> workerCommand(String java, String heap, String classpath, Path specFile, Duration timeout,
            boolean watchStdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dxmc.home=" + DataHome.home());
        cmd.add("-Dxmc.data=" + DataHome.cache());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(RunWorker.class.getName());
        cmd.add(specFile.toString());
        cmd.add("--timeout-ms");
        cmd.add(Long.toString(timeout.toMillis()));
        cmd.add("--memory");
        cmd.add(heap);
        if (watchStdin) {
            cmd.add("--watch-stdin");
        }
        return cmd;
    }
}
