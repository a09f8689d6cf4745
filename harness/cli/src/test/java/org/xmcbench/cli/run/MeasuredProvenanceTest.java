package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run launched as a Slurm array task launches it ({@code xmc run-spec}, in a real process with the task's
 * environment), from a spec whose configured provenance describes another machine, as one submitted from a login
 * node does: the record's measured half and the device are those of the machine the worker ran on.
 */
class MeasuredProvenanceTest {
    @TempDir
    Path tmp;

    /** What a submitting host unlike this one knew: another name, CPU, and a GPU exactly when this one has none. */
    static Map<String, Object> elsewhere() {
        Map<String, Object> p = new LinkedHashMap<>(Provenance.configured(Path.of("."), "slurm"));
        p.put("hostname", "login1");
        p.put("cpu_model", "Login Node CPU");
        p.put("gpu", Provenance.gpu() == null ? Map.of("model", "NVIDIA H200", "count", "1") : null);
        return p;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runAsSlurmTask(String method) throws Exception {
        RunSpec spec = new RunSpec(method, "debian-tags", Map.of(), List.of(Map.of()), 0, 10, 20, null, elsewhere());
        Path dir = new RunLauncher(tmp, java.time.Duration.ofMinutes(5), "1g").runDir(spec).toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spec.json"), spec.toJson());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.xmcbench.cli.Main", "run-spec",
                dir.resolve("spec.json").toString(), "--memory", "1g").redirectErrorStream(true)
                .redirectOutput(tmp.resolve(method + ".log").toFile());
        // The variables slurmd gives a task: only the task's process has them.
        pb.environment().putAll(Map.of("SLURM_JOB_ID", "4242", "SLURM_ARRAY_TASK_ID", "3", "SLURMD_NODENAME",
                "node7"));
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "run-spec did not end");
        Map<String, Object> rec = RunRecord.read(dir);
        Map<String, Object> prov = (Map<String, Object>) rec.get("provenance");
        assertEquals(RunSpec.JSON.readValue(spec.toJson(), Map.class).get("provenance"), prov.get("configured"),
                "the configured half is what the submitter knew");
        Map<String, Object> measured = (Map<String, Object>) prov.get("measured");
        assertEquals(Provenance.hostname(), measured.get("hostname"));
        assertEquals(Map.of("job_id", "4242", "array_task_id", "3", "node", "node7"), Map.of("job_id",
                ((Map<String, Object>) measured.get("slurm")).get("job_id"), "array_task_id",
                ((Map<String, Object>) measured.get("slurm")).get("array_task_id"), "node",
                ((Map<String, Object>) measured.get("slurm")).get("node")), "measured in the task's environment");
        assertEquals(Provenance.cpuModel(), measured.get("cpu_model"));
        assertEquals(Provenance.gpu(), measured.get("gpu"));
        assertEquals("host", measured.get("network"), "a local worker uses its machine's network");
        return rec;
    }

    @Test
    void theRecordAndTheDeviceAreOfTheMachineTheWorkerRanOn() throws Exception {
        Map<String, Object> rec = runAsSlurmTask("prior");
        assertEquals("success", rec.get("status"), String.valueOf(rec.get("reason")));
        assertEquals(Provenance.gpu() == null ? "cpu" : "gpu", rec.get("device"),
                "chosen from the GPU the worker found, not from the submitting host's");
        assertNotEquals(elsewhere().get("gpu") == null ? "cpu" : "gpu", rec.get("device"));
        Map<String, Object> measured = Provenance.measuredOf(rec);
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String head = new String(git.getInputStream().readAllBytes()).trim();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        assertEquals(git.exitValue() == 0 ? head : null, measured.get("git_commit"),
                "the commit of the code the worker loaded (this checkout's build)");
    }

    @Test
    void aFailedRunKeepsWhatItsWorkerMeasured() throws Exception {
        Map<String, Object> rec = runAsSlurmTask("test-throws");
        assertEquals("failed", rec.get("status"));
    }
}
