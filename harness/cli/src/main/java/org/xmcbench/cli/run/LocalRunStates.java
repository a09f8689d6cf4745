package org.xmcbench.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runs a results folder holds as seen from its files, for runs launched here (or by any harness but Slurm's,
 * whose runs {@code org.xmcbench.cli.slurm.RunStates} reads): running while a live worker holds
 * {@value RunLock#WORKER}, done or failed by their record, lost when neither (the worker and its harness died
 * before a record was written).
 *
 * <p>The worker lock is probed only for a folder whose worker has started (it wrote its stage) and left no record:
 * a live worker holds that lock, so the probe fails without touching it; the lock is free only if that worker
 * died, and then only a relaunch of the same run in the same instant could meet the probe (it would skip the run
 * as busy, saying so).
 */
public final class LocalRunStates {
    /** One run: its folder relative to the results folder, its state, when its files last changed, and detail. */
    public record LocalRun(String dir, String dataset, String method, String config, String state, Instant changed,
                           String detail) {}

    private LocalRunStates() {}

    /**
     * The runs under {@code results} but those in {@code excluded} (folders relative to it, e.g. Slurm's), each
     * running one always, the others when their files changed within {@code recent} of {@code now} (null: all).
     */
    public static List<LocalRun> of(Path results, Set<String> excluded, Duration recent, Instant now)
            throws IOException {
        Path runs = results.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(runs, 3)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("spec.json"))).sorted().toList();
        }
        List<LocalRun> out = new ArrayList<>();
        for (Path dir : dirs) {
            String rel = results.relativize(dir).toString().replace('\\', '/');
            if (excluded.contains(rel)) {
                continue;
            }
            LocalRun r = state(dir, rel, now);
            if (recent == null || r.state().equals("running") || r.state().equals("starting")
                    || Duration.between(r.changed(), now).compareTo(recent) <= 0) {
                out.add(r);
            }
        }
        return out;
    }

    private static LocalRun state(Path dir, String rel, Instant now) throws IOException {
        String config = dir.getFileName().toString();
        String dataset = dir.getParent().getParent().getFileName().toString();
        String method = dir.getParent().getFileName().toString();
        try {
            RunSpec spec = RunSpec.JSON.readValue(dir.resolve("spec.json").toFile(), RunSpec.class);
            dataset = spec.dataset();
            method = spec.method();
        } catch (IOException unreadable) {
            // the folder's names still say which run it is (a dataset folder's path flattened)
        }
        String status = RunRecord.status(dir);
        if (status != null && !"running".equals(status)) {
            Instant at = modified(dir.resolve(RunRecord.FILE));
            String detail = "success".equals(status) ? "finished " + RunLauncher.human(Duration.between(at, now))
                    + " ago" : String.valueOf(RunRecord.read(dir).get("reason"));
            return new LocalRun(rel, dataset, method, config, "success".equals(status) ? "done"
                    : "failed", at, detail);
        }
        Path stage = dir.resolve("stage");
        Instant started = modified(dir.resolve("spec.json"));
        String since = RunLauncher.human(Duration.between(started, now));
        if (!Files.isRegularFile(stage)) {
            return new LocalRun(rel, dataset, method, config, "starting", started,
                    "launched " + since + " ago");
        }
        String reached = RunLauncher.stageReached(dir);
        Instant changed = latest(modified(stage), modified(dir.resolve("worker.log")));
        if (RunLock.workerAlive(dir)) {
            return new LocalRun(rel, dataset, method, config, "running", changed, reached + " (" + since
                    + " since launch) " + lastLogLine(dir.resolve("worker.log")));
        }
        return new LocalRun(rel, dataset, method, config, "lost", changed, "no live worker and no "
                + "record: its harness and worker died in stage " + reached + " (xmc run again runs it)");
    }

    /** The log's last line or progress-bar redraw, its bar drawing left out: a running run's detail. */
    private static String lastLogLine(Path log) {
        String[] parts = RunLauncher.tail(log, 2000).split("[\r\n]");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isBlank()) {
                return parts[i].replaceAll("\\[[=> -]*]", "").replaceAll("\\s+", " ").strip();
            }
        }
        return "";
    }

    private static Instant modified(Path f) throws IOException {
        return Files.isRegularFile(f) ? Files.getLastModifiedTime(f).toInstant() : Instant.EPOCH;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
