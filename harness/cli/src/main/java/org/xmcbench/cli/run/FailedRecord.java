package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code run.json} of a run that did not finish, the same whoever writes it: the launcher when its worker dies
 * or overruns, the worker itself when its own deadline passes or its harness dies.
 */
final class FailedRecord {
    /**
     * Marks a run stopped from outside, its harness terminated or killed: the method did not fail, so
     * {@code --resume}, which skips failed runs, runs it again.
     */
    static final String INTERRUPTED = "interrupted";

    private FailedRecord() {}

    static void write(RunSpec spec, Path dir, String reason, boolean interrupted, double wallSeconds, String memory,
            Duration timeout) throws IOException {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("status", "failed");
        failed.put("stage", RunLauncher.stageReached(dir));
        failed.put("reason", reason);
        if (interrupted) {
            failed.put(INTERRUPTED, true);
        }
        failed.putAll(RunRecord.header(spec, Methods.installed().get(spec.method())));
        failed.put("log_tail", RunLauncher.tail(dir.resolve("worker.log"), 2000));
        failed.put("wall_s", wallSeconds);
        failed.put("memory_limit", memory);
        failed.put("timeout_s", timeout.toSeconds());
        failed.put("provenance", Provenance.ofRun(spec, dir));
        failed.put("finished_at", Instant.now().toString());
        RunRecord.write(dir, failed);
    }

    /** Whether the run's record is a failure from outside (see {@link #INTERRUPTED}). */
    static boolean interrupted(Path dir) {
        try {
            return Boolean.TRUE.equals(RunRecord.read(dir).get(INTERRUPTED));
        } catch (IOException e) {
            return false;
        }
    }
}
