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
    void noFieldCanLeaveItsSbatchLine() {
        String hostile = "gpu\nrm -rf ~";
        for (String field : List.of("partition", "account", "qos")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SlurmResources(
                    field.equals("partition") ? hostile : null, field.equals("account") ? hostile : null,
                    field.equals("qos") ? hostile : null, 1, 1L << 30, 0, Duration.ofMinutes(1), null, List.of()));
            assertTrue(e.getMessage().startsWith(field + " 'gpu\\u000arm -rf ~'"), e.getMessage());
        }
        for (String option : List.of("--constraint=a100\nrm -rf ~", "--constraint=a100 --wrap=id", "--x=\"a\"",
                "--x=a#b", "--x=\u0007", "-x", "--")) {
            assertThrows(IllegalArgumentException.class, () -> new SlurmResources(null, null, null, 1, 1L << 30, 0,
                    Duration.ofMinutes(1), null, List.of(option)), option);
        }
        SlurmResources r = new SlurmResources("gpu,long", "proj-1", "high", 1, 1L << 30, 0, Duration.ofMinutes(1), null,
                List.of("--constraint=a100|h100", "--exclude=node[01-03]", "--mail-user=me@lab.org"));
        List<String> runs = List.of("/res/runs/a");
        List<String> launcher = List.of("java");
        String s = JobScript.render("x\nrm -rf ~", r, Path.of("/my results/#1 \"q\""), runs, launcher);
        assertTrue(s.lines().anyMatch("#SBATCH --output=\"/my results/#1 \\\"q\\\"\"/%A_%a.out"::equals), s);
        assertTrue(s.lines().anyMatch("#SBATCH --job-name=x_rm_-rf__"::equals), s);
        assertTrue(s.lines().filter(l -> l.startsWith("#")).allMatch(l -> l.equals("#!/bin/bash")
                || l.startsWith("#SBATCH --")), s);
        assertEquals(19, s.lines().count(), s);
        for (Runnable bad : List.<Runnable>of(
                () -> JobScript.render("x", r, Path.of("/res/logs\nrm -rf ~"), runs, launcher),
                () -> JobScript.render("x", r, Path.of("/res/logs"), List.of("/res/a\nrm -rf ~"), launcher),
                () -> JobScript.render("x", r, Path.of("/res/logs"), runs, List.of("java\rid")))) {
            assertThrows(IllegalArgumentException.class, bad::run);
        }
    }

    @Test
    void aSuitesSlurmBlockIsCheckedWhenTheSuiteLoads(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (String entry : List.of("partition: \"gpu\\nrm -rf ~\"", "account: \"a;id\"", "qos: \"$(id)\"",
                "options: [\"--constraint=a\\nid\"]", "time: 0s", "memory: lots")) {
            Path suite = tmp.resolve("s.yaml");
            java.nio.file.Files.writeString(suite, "name: s\ndatasets: [d]\nmethods: [prior]\nslurm:\n  " + entry
                    + "\n");
            org.xmcbench.core.io.DataFormatException e = assertThrows(org.xmcbench.core.io.DataFormatException.class,
                    () -> org.xmcbench.cli.run.Suite.load(suite), entry);
            assertTrue(e.getMessage().contains(suite.toString()) && e.getMessage().contains("slurm"), e.getMessage());
        }
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
