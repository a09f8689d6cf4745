package org.xmcbench.cli.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job script and the reading of Slurm's output, without a cluster. */
class SlurmPartsTest {
    @Test
    void theJobScriptAsksForTheResourcesAndRunsOneFolderPerTask() {
        SlurmResources r = new SlurmResources("gpu", "proj", "high", 8, (96L << 30) + 1, 2, Duration.ofMinutes(125)
                .plusSeconds(1), 3, List.of("--constraint=a100"));
        String s = JobScript.render("xmc-paper table", r, Path.of("/res/slurm/logs"),
                List.of("/res/runs/a/x/1", "/res/runs/it's/y/2"), List.of("/jdk/bin/java", "-cp", "a.jar:b/*",
                        "org.xmcbench.cli.Main", "run-spec"));
        assertTrue(s.startsWith("#!/bin/bash\n"), s);
        for (String line : List.of("#SBATCH --job-name=xmc-paper_table", "#SBATCH --array=0-1%3",
                "#SBATCH --cpus-per-task=8", "#SBATCH --mem=98305M", "#SBATCH --time=126",
                "#SBATCH --output=/res/slurm/logs/%A_%a.out", "#SBATCH --requeue", "#SBATCH --gres=gpu:2",
                "#SBATCH --partition=gpu", "#SBATCH --account=proj", "#SBATCH --qos=high",
                "#SBATCH --constraint=a100", "  '/res/runs/it'\\''s/y/2'",
                "exec '/jdk/bin/java' '-cp' 'a.jar:b/*' 'org.xmcbench.cli.Main' 'run-spec' "
                        + "\"${RUNS[$SLURM_ARRAY_TASK_ID]}/spec.json\"")) {
            assertTrue(s.lines().anyMatch(line::equals), "missing line: " + line + "\n" + s);
        }
        assertThrows(IllegalArgumentException.class, () -> new SlurmResources(null, null, null, 1, 1L << 30, 0,
                Duration.ofMinutes(1), null, List.of("rm -rf /")));
    }

    @Test
    void queueLinesAndStatesAreRead() {
        assertEquals(List.of(new SlurmCommands.TaskState(0, "RUNNING"), new SlurmCommands.TaskState(3, "PENDING")),
                SlurmCommands.parse("0|RUNNING\n3|PENDING\nN/A|RUNNING\n\n"));
        assertEquals("pending", RunStates.fromQueue("PENDING"));
        assertEquals("pending", RunStates.fromQueue("REQUEUED"));
        assertEquals("running", RunStates.fromQueue("COMPLETING"));
        assertEquals("cancelled", RunStates.fromAccounting("CANCELLED"));
        assertEquals("timed out", RunStates.fromAccounting("TIMEOUT"));
        assertEquals("failed", RunStates.fromAccounting("OUT_OF_MEMORY"));
    }
}
