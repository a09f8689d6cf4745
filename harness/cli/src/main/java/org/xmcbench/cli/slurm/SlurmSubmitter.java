package org.xmcbench.cli.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xmcbench.cli.docker.ContainerSettings;
import org.xmcbench.cli.run.RunLauncher;
import org.xmcbench.cli.run.RunRecord;
import org.xmcbench.cli.run.RunSpec;
import org.xmcbench.datasets.catalog.DataHome;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * Submits a suite's runs as one Slurm job array: the runs without a successful record and not still queued from
 * an earlier submission, each as one array task running {@code xmc run-spec} on its run folder.
 */
public final class SlurmSubmitter {
    /** What a submission did: its record (null when there was nothing to submit) and what it left out. */
    public record Submitted(Submission submission, int skippedDone, int alreadyQueued) {}

    private final Path results;
    private final Duration timeout;
    private final String heap;
    private final ContainerSettings container;
    private final SlurmResources resources;
    private final SlurmCommands slurm = new SlurmCommands();

    public SlurmSubmitter(Path results, Duration timeout, String heap, ContainerSettings container,
            SlurmResources resources) {
        this.results = results.toAbsolutePath();
        this.timeout = timeout;
        this.heap = heap;
        this.container = container;
        this.resources = resources;
    }

    public Submitted submit(String suiteName, List<RunSpec> specs, boolean force)
            throws IOException, InterruptedException {
        RunLauncher layout = new RunLauncher(results, timeout, heap);
        Set<Path> queued = queuedElsewhere();
        List<Submission.Entry> entries = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        int done = 0;
        int inQueue = 0;
        for (RunSpec s : specs) {
            RunSpec spec = (container == null ? s : s.withImage(container.image().reference()))
                    .withProvenance(asked(s.provenance()));
            Path dir = layout.runDir(spec).toAbsolutePath();
            if (!force && "success".equals(RunRecord.status(dir))) {
                done++;
                continue;
            }
            if (queued.contains(dir)) {
                inQueue++;
                continue;
            }
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve("spec.json"), spec.toJson());
            entries.add(new Submission.Entry(entries.size(), results.relativize(dir).toString(), spec.dataset(),
                    spec.method(), dir.getFileName().toString()));
            dirs.add(dir.toString());
        }
        if (entries.isEmpty()) {
            return new Submitted(null, done, inQueue);
        }
        Path folder = Files.createDirectories(Submission.folder(results));
        Path logs = Files.createDirectories(folder.resolve("logs"));
        String stamp = Instant.now().toString().replaceAll("[^0-9]", "");
        Path script = folder.resolve("job-" + stamp + ".sh");
        AtomicFiles.writeString(script, JobScript.render("xmc-" + suiteName, resources, logs, dirs, launcher(force)));
        String jobId = slurm.sbatch(script);
        Submission sub = new Submission(jobId, suiteName, Instant.now().toString(), null, script.toString(), entries);
        sub.write(results);
        return new Submitted(sub, done, inQueue);
    }

    /**
     * The configured provenance of a run with what is asked of Slurm for it: the hardware it gets is measured by
     * its worker on the node ({@code provenance.measured}).
     */
    private Map<String, Object> asked(Map<String, Object> configured) {
        Map<String, Object> p = new LinkedHashMap<>(configured == null ? Map.of() : configured);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("partition", resources.partition());
        r.put("account", resources.account());
        r.put("qos", resources.qos());
        r.put("cpus", resources.cpus());
        r.put("memory_bytes", resources.memoryBytes());
        r.put("gpus", resources.gpus());
        r.put("time_s", resources.time().toSeconds());
        p.put("slurm", r);
        return p;
    }

    /** Run folders whose task is still pending or running in an earlier, uncancelled submission. */
    private Set<Path> queuedElsewhere() throws IOException, InterruptedException {
        Set<Path> out = new HashSet<>();
        for (Submission s : Submission.all(results)) {
            if (s.cancelledAt() != null) {
                continue;
            }
            java.util.Map<Integer, String> q = slurm.queued(s.jobId());
            for (Submission.Entry e : s.runs()) {
                if (q.containsKey(e.task())) {
                    out.add(results.resolve(e.dir()).toAbsolutePath());
                }
            }
        }
        return out;
    }

    /** The launcher command a task runs, on this JVM's java and classpath, before the spec file's path. */
    private List<String> launcher(boolean force) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Dxmc.home=" + DataHome.home(),
                "-Dxmc.data=" + DataHome.cache(), "-cp", System.getProperty("java.class.path"),
                "org.xmcbench.cli.Main", "run-spec", "--timeout", timeout.toSeconds() + "s", "--memory", heap));
        if (force) {
            cmd.add("--force");
        }
        if (container != null) {
            cmd.addAll(List.of("--backend", "docker"));
            cmd.addAll(container.asArgs());
        }
        return cmd;
    }
}
