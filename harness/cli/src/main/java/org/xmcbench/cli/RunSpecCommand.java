package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xmcbench.cli.docker.DockerBackend;
import org.xmcbench.cli.run.HarnessSignals;
import org.xmcbench.cli.run.LocalBackend;
import org.xmcbench.cli.run.RunLauncher;
import org.xmcbench.cli.run.RunSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xmc run-spec FILE}: launches the run a spec file describes, in the results folder it sits in, as
 * {@code xmc run} would (skip-if-done, the run folder's lock, child JVM or container, failed records). What a
 * Slurm task runs; not meant to be typed.
 */
@Command(name = "run-spec", hidden = true, mixinStandardHelpOptions = true,
        description = "Launch the run of a spec.json in its run folder (what a Slurm array task executes).")
final class RunSpecCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "<results>/runs/<dataset>/<method>/<config>/spec.json")
    Path specFile;

    @Option(names = "--timeout", defaultValue = "30m")
    String timeout;

    @Option(names = "--memory", defaultValue = "4g")
    String memory;

    @Option(names = "--backend", defaultValue = "local", description = "local or docker")
    String backend;

    @Option(names = "--force")
    boolean force;

    @CommandLine.Mixin
    ContainerOptions container = new ContainerOptions();

    @Override
    public Integer call() throws Exception {
        Path file = specFile.toAbsolutePath();
        RunSpec spec = RunSpec.read(file);
        Path dir = file.getParent();
        Path results = dir.getParent().getParent().getParent().getParent();
        RunLauncher launcher = new RunLauncher(results, RunLauncher.parseDuration(timeout), memory,
                "docker".equals(backend) ? DockerBackend.open(container.settings(null, memory), memory)
                        : new LocalBackend(memory));
        if (!launcher.runDir(spec).toAbsolutePath().equals(dir)) {
            throw new IllegalArgumentException(file + " describes the run of folder " + launcher.runDir(spec)
                    + ", not its own folder");
        }
        // Slurm's scancel, preemption and time limit send SIGTERM: the launcher records the run as terminated by
        // it (unless the run got to write its own), so `xmc status` can tell a cancelled run from a lost one.
        HarnessSignals.install();
        RunLauncher.Result r = launcher.launch(spec, force, false);
        System.out.println(r.outcome().name().toLowerCase(java.util.Locale.ROOT) + " " + dir
                + (r.reason() == null ? "" : ": " + r.reason()));
        return r.outcome() == RunLauncher.Outcome.FAILED ? 1 : 0;
    }
}
