package org.xmcbench.cli.slurm;

import java.time.Duration;
import java.util.List;

/**
 * What each run of a job array asks of Slurm.
 *
 * @param memoryBytes memory per run (sbatch --mem, rounded up to MiB)
 * @param gpus GPUs per run ({@code --gres=gpu:N}), 0 for none
 * @param time Slurm's time limit per run (rounded up to minutes)
 * @param maxParallel at most this many runs at once ({@code --array=...%N}), or null
 * @param options raw sbatch options, each one line of the job script's header
 */
public record SlurmResources(String partition, String account, String qos, int cpus, long memoryBytes, int gpus,
                             Duration time, Integer maxParallel, List<String> options) {
    public SlurmResources {
        if (cpus < 1 || gpus < 0 || memoryBytes < 1 << 20 || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("bad Slurm resources: cpus " + cpus + ", gpus " + gpus + ", memory "
                    + memoryBytes + " bytes, time " + time);
        }
        for (String o : options) {
            if (!o.startsWith("--") || o.contains("\n")) {
                throw new IllegalArgumentException("a raw sbatch option must be one --option[=value], got '" + o + "'");
            }
        }
    }
}
