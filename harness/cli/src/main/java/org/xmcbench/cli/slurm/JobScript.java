package org.xmcbench.cli.slurm;

import java.nio.file.Path;
import java.util.List;

/**
 * The batch script of a job array: the resources as {@code #SBATCH} lines, the run folders as a bash array, and
 * for task i the same launcher the local backend uses ({@code xmc run-spec}) on run folder i, with this JVM's
 * java and classpath (a cluster shares them, with the results folder, over its file system).
 *
 * <p>No value can leave its line: {@link SlurmResources} admits only its safe characters, the job name is reduced
 * to {@code [A-Za-z0-9._-]}, the log folder is double-quoted for sbatch where it needs it, the run folders and the
 * launcher are single-quoted for bash, and a control character anywhere (a newline in a results path) is refused.
 */
final class JobScript {
    private JobScript() {}

    static String render(String name, SlurmResources r, Path logs, List<String> runDirs, List<String> launcher) {
        requirePrintable("the log folder", logs.toString());
        runDirs.forEach(d -> requirePrintable("run folder", d));
        launcher.forEach(a -> requirePrintable("launcher argument", a));
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("#SBATCH --job-name=").append(quoteless(name)).append('\n');
        b.append("#SBATCH --array=0-").append(runDirs.size() - 1)
                .append(r.maxParallel() == null ? "" : "%" + r.maxParallel()).append('\n');
        b.append("#SBATCH --cpus-per-task=").append(r.cpus()).append('\n');
        b.append("#SBATCH --mem=").append((r.memoryBytes() + (1 << 20) - 1) >> 20).append("M\n");
        b.append("#SBATCH --time=").append(Math.max(1, (r.time().toSeconds() + 59) / 60)).append('\n');
        b.append("#SBATCH --output=").append(sbatchQuoted(logs.toString())).append("/%A_%a.out").append('\n');
        // A preempted or failed node puts the task back in the queue; the run restarts (skip-if-done and the
        // run folder's lock keep it to one record).
        b.append("#SBATCH --requeue\n");
        if (r.gpus() > 0) {
            b.append("#SBATCH --gres=gpu:").append(r.gpus()).append('\n');
        }
        if (r.partition() != null) {
            b.append("#SBATCH --partition=").append(r.partition()).append('\n');
        }
        if (r.account() != null) {
            b.append("#SBATCH --account=").append(r.account()).append('\n');
        }
        if (r.qos() != null) {
            b.append("#SBATCH --qos=").append(r.qos()).append('\n');
        }
        for (String o : r.options()) {
            b.append("#SBATCH ").append(o).append('\n');
        }
        b.append("set -euo pipefail\nRUNS=(\n");
        for (String d : runDirs) {
            b.append("  ").append(quote(d)).append('\n');
        }
        b.append(")\nexec");
        for (String a : launcher) {
            b.append(' ').append(quote(a));
        }
        b.append(" \"${RUNS[$SLURM_ARRAY_TASK_ID]}/spec.json\"\n");
        return b.toString();
    }

    /** Single-quoted for bash. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * A value for an {@code #SBATCH} line: as is when it has only safe characters, else double-quoted with
     * backslash and double quote escaped, which sbatch reads back as one argument (and where {@code #} is no comment).
     */
    static String sbatchQuoted(String s) {
        if (s.matches(SlurmResources.SAFE_CHARACTERS + "+")) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void requirePrintable(String what, String s) {
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " '" + s.replaceAll("\\p{Cntrl}", "?")
                    + "' has a control character: it cannot go into a job script");
        }
    }

    private static String quoteless(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
