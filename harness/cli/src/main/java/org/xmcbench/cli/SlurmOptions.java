package org.xmcbench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xmcbench.cli.docker.ContainerSettings;
import org.xmcbench.cli.run.RunLauncher;
import org.xmcbench.cli.run.Suite;
import org.xmcbench.cli.slurm.SlurmResources;
import picocli.CommandLine.Option;

/**
 * {@code xmc run --backend slurm}'s options; each overrides the suite's {@code slurm:} block. The text values go
 * into the job script's {@code #SBATCH} lines and must consist of {@link SlurmResources#SAFE_CHARACTERS}.
 */
final class SlurmOptions {
    @Option(names = "--partition", description = "slurm: partition (sbatch --partition; characters "
            + SlurmResources.SAFE_CHARACTERS + ")")
    String partition;

    @Option(names = "--account", description = "slurm: account (sbatch --account; characters "
            + SlurmResources.SAFE_CHARACTERS + ")")
    String account;

    @Option(names = "--qos", description = "slurm: quality of service (sbatch --qos; "
            + "characters " + SlurmResources.SAFE_CHARACTERS + ")")
    String qos;

    @Option(names = "--slurm-cpus", paramLabel = "N", description = "slurm: CPUs per run (default 2)")
    Integer cpus;

    @Option(names = "--slurm-memory", paramLabel = "SIZE", description = "slurm: memory per run (default: the heap "
            + "plus as much again, at least 2g more, plus 512m for the run's launcher)")
    String memory;

    @Option(names = "--slurm-gpus", paramLabel = "N", description = "slurm: GPUs per run (--gres=gpu:N; default 0)")
    Integer gpus;

    @Option(names = "--slurm-time", paramLabel = "DURATION", description = "slurm: time limit per run (default: the "
            + "run's --timeout plus 5 minutes, so the harness's own time-out records the failure first)")
    String time;

    @Option(names = "--slurm-max-parallel", paramLabel = "N",
            description = "slurm: at most N runs at once (the array's %%N)")
    Integer maxParallel;

    @Option(names = "--slurm-option", paramLabel = "OPT", description = "slurm: a raw sbatch option, e.g. "
            + "--constraint=a100 (repeatable; the value of characters " + SlurmResources.SAFE_CHARACTERS + ")")
    List<String> options = new ArrayList<>();

    @Option(names = "--slurm-container", description = "slurm: run each worker in the docker backend on its node "
            + "(needs Docker and the image there; the docker options above apply)")
    boolean container;

    /** Refuses a value that could not go into an {@code #SBATCH} line, naming its option. */
    void validate() {
        SlurmResources.requireSafe("--partition", partition);
        SlurmResources.requireSafe("--account", account);
        SlurmResources.requireSafe("--qos", qos);
        options.forEach(o -> SlurmResources.requireOption("--slurm-option", o));
        if (time != null) {
            OptionChecks.duration("--slurm-time", time);
        }
        if (memory != null) {
            ContainerSettings.parseBytes(memory);
        }
    }

    boolean containerized(Suite suite) {
        return container || suite != null && suite.slurm() != null && Boolean.TRUE.equals(suite.slurm().container());
    }

    SlurmResources resolve(Suite suite, String heap, Duration timeout) {
        Suite.SlurmEntry s = suite == null || suite.slurm() == null
                ? new Suite.SlurmEntry(null, null, null, null, null, null, null, null, null, null) : suite.slurm();
        String mem = memory != null ? memory : s.memory();
        long memBytes = mem != null ? ContainerSettings.parseBytes(mem)
                : ContainerSettings.defaultMemory(heap) + (512L << 20);
        String t = time != null ? time : s.time();
        Duration limit = t != null ? RunLauncher.parseDuration(t) : timeout.plusMinutes(5);
        List<String> extra = new ArrayList<>(s.options() == null ? List.of() : s.options());
        extra.addAll(options);
        return new SlurmResources(partition != null ? partition : s.partition(),
                account != null ? account : s.account(), qos != null ? qos : s.qos(),
                cpus != null ? cpus : s.cpus() != null ? s.cpus() : 2, memBytes,
                gpus != null ? gpus : s.gpus() != null ? s.gpus() : 0, limit,
                maxParallel != null ? maxParallel : s.maxParallel(), extra);
    }
}
