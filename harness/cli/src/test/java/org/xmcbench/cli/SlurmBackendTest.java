package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.report.ResultsScanner;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunRecord;
import org.xmcbench.cli.slurm.Submission;

/**
 * The slurm backend against a real single-node Slurm ({@code harness/slurm/start-test-cluster.sh}, which
 * {@code .ci/run} starts and which sets {@code SLURM_CONF}); skipped, saying why, without one.
 */
class SlurmBackendTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        String conf = System.getenv("SLURM_CONF");
        Assumptions.assumeTrue(conf != null && !conf.isBlank(), "SLURM_CONF is not set: start a test cluster with "
                + "eval \"$(harness/slurm/start-test-cluster.sh)\" (as .ci/run does where it can)");
        // A cluster was named, so it must answer: a misconfigured CI fails here rather than skipping.
        Process p = new ProcessBuilder("sinfo", "--noheader").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "sinfo failed: " + new String(p.getInputStream().readAllBytes()));
    }

    /**
     * A run's folder can say "done" while its Slurm task is still ending (writing its log, releasing its lock): on a
     * loaded machine that outlived the tests, and JUnit then failed to delete the temporary folder being written.
     * The test cluster is this class's own, so wait until its queue is empty.
     */
    @AfterAll
    static void queueDrained() throws Exception {
        if (System.getenv("SLURM_CONF") == null || System.getenv("SLURM_CONF").isBlank()) {
            return; // skipped: no cluster, no queue (JUnit runs @AfterAll after a failed assumption too)
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("squeue", "--noheader").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.isBlank()) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static Path suite(String name, String methods, String extra) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\ndatasets: [debian-tags, LF-debian-deps]\nmethods: " + methods
                + "\nlatency_sample: 20\ntimeout: 10m\nmemory: 2g\n" + extra);
        return f;
    }

    /** {@code xmc status DIR --json}, as state per "dataset/method". */
    private static Map<String, String> status(Path out) throws Exception {
        CliTest.Result r = CliTest.run("status", out.toString(), "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, String> m = new HashMap<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                Map<?, ?> s = new ObjectMapper().readValue(line, Map.class);
                m.put(s.get("dataset") + "/" + s.get("method"), String.valueOf(s.get("state")));
            }
        }
        return m;
    }

    private static Map<String, String> waitUntilSettled(Path out, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (true) {
            Map<String, String> s = status(out);
            if (s.size() == expected && s.values().stream().noneMatch(v -> v.equals("pending") || v.equals("running"))) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "not settled after 8 minutes: " + s);
            Thread.sleep(1000);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metricsByRun(Path out) throws Exception {
        Map<String, Object> m = new HashMap<>();
        for (Path d : ResultsScanner.runDirs(out)) {
            Map<String, Object> rec = RunRecord.read(d);
            assertEquals("success", rec.get("status"), d.toString());
            m.put(rec.get("dataset") + "/" + rec.get("method"),
                    ((List<Map<String, Object>>) rec.get("results")).get(0).get("metrics"));
        }
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTwoByTwoSuiteRunsOnSlurmExactlyAsLocallyAndStatusFollowsIt() throws Exception {
        Path s = suite("two-by-two", "[prior, xr-linear]", "");
        Path onSlurm = tmp.resolve("slurm");
        CliTest.Result r = CliTest.run("run", "--suite", s.toString(), "--backend", "slurm", "--slurm-cpus", "1",
                "--out", onSlurm.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("submitted Slurm job"), r.out());
        Map<String, String> first = status(onSlurm);
        assertEquals(4, first.size(), first.toString());
        assertTrue(Set.of("pending", "running", "done").containsAll(new HashSet<>(first.values())), first.toString());
        assertTrue(first.values().stream().anyMatch(v -> !v.equals("done")), "seen while it runs: " + first);
        Map<String, String> last = waitUntilSettled(onSlurm, 4);
        assertEquals(Set.of("done"), new HashSet<>(last.values()), last.toString());
        String job = Submission.all(onSlurm).get(0).jobId();
        for (Path d : ResultsScanner.runDirs(onSlurm)) {
            Map<String, Object> rec = RunRecord.read(d);
            Map<String, Object> configured = (Map<String, Object>) ((Map<String, Object>) rec.get("provenance"))
                    .get(Provenance.CONFIGURED);
            assertEquals("slurm", configured.get("backend"));
            assertEquals(1, ((Map<String, Object>) configured.get("slurm")).get("cpus"), "what was asked of Slurm");
            // Measured by the worker inside its array task, on the node that ran it.
            Map<String, Object> task = (Map<String, Object>) Provenance.measuredOf(rec).get("slurm");
            assertEquals(job, task.get("array_job_id"), d.toString());
            assertTrue(task.get("node") != null && task.get("array_task_id") != null, task.toString());
        }

        Path local = tmp.resolve("local");
        CliTest.Result l = CliTest.run("run", "--suite", s.toString(), "--out", local.toString());
        assertEquals(0, l.code(), l.out() + l.err());
        assertEquals(metricsByRun(local), metricsByRun(onSlurm), "the same runs, the same metrics");
        assertTrue(Files.list(onSlurm.resolve("slurm/logs")).count() >= 4, "one Slurm log per task");
    }

    @Test
    void aCancelledSuiteResumesCleanlyWhenSubmittedAgain() throws Exception {
        Path s = suite("cancelled", "[prior, tfidf-knn, xr-linear]", "");
        Path out = tmp.resolve("cancel");
        CliTest.Result r = CliTest.run("run", "--suite", s.toString(), "--backend", "slurm", "--slurm-cpus", "1",
                "--slurm-max-parallel", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!status(out).containsValue("done")) {
            assertTrue(System.nanoTime() < deadline, "no run finished in 5 minutes");
            Thread.sleep(500);
        }
        CliTest.Result c = CliTest.run("cancel", out.toString());
        assertEquals(0, c.code(), c.out() + c.err());
        assertTrue(c.out().contains("cancelled job"), c.out());
        Map<String, String> afterCancel = waitUntilSettled(out, 6);
        assertTrue(Set.of("done", "cancelled").containsAll(new HashSet<>(afterCancel.values())), afterCancel.toString());
        long done = afterCancel.values().stream().filter("done"::equals).count();
        assertTrue(done < 6, "the cancel came before the end: " + afterCancel);

        CliTest.Result again = CliTest.run("run", "--suite", s.toString(), "--backend", "slurm", "--slurm-cpus", "1",
                "--out", out.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains(done + " already done"), again.out());
        List<Submission> subs = Submission.all(out);
        assertEquals(2, subs.size());
        assertEquals(6 - done, subs.get(1).runs().size(), "only the runs without a successful record");
        Map<String, String> end = waitUntilSettled(out, 6);
        assertEquals(Set.of("done"), new HashSet<>(end.values()), end.toString());
        assertEquals(6, metricsByRun(out).size(), "one successful record per run");
    }

    @Test
    void aFailingRunIsReportedAndTheOthersFinish() throws Exception {
        Path s = tmp.resolve("failing.yaml");
        Files.writeString(s, "name: failing\ndatasets: [debian-tags]\nmethods: [test-throws, prior]\n"
                + "latency_sample: 20\ntimeout: 5m\nmemory: 1g\n");
        Path out = tmp.resolve("failing");
        CliTest.Result r = CliTest.run("run", "--suite", s.toString(), "--backend", "slurm", "--slurm-cpus", "1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, String> end = waitUntilSettled(out, 2);
        assertEquals("failed", end.get("debian-tags/test-throws"), end.toString());
        assertEquals("done", end.get("debian-tags/prior"), end.toString());
        CliTest.Result table = CliTest.run("status", out.toString());
        assertTrue(table.out().contains("2 runs: 1 done, 1 failed"), table.out());
        assertFalse(table.out().contains("lost"), table.out());
    }

    /** A task Slurm puts back in the queue mid-run (as preemption does) runs again and leaves one good record. */
    @Test
    void aRequeuedTaskRunsAgainToOneRecord() throws Exception {
        Path s = tmp.resolve("requeue.yaml");
        Files.writeString(s, "name: requeue\ndatasets: [LF-debian-deps]\nmethods: [xr-linear]\n"
                + "latency_sample: 20\ntimeout: 10m\nmemory: 2g\n");
        Path out = tmp.resolve("requeue");
        assertEquals(0, CliTest.run("run", "--suite", s.toString(), "--backend", "slurm", "--slurm-cpus", "1",
                "--out", out.toString()).code());
        String task = Submission.all(out).get(0).jobId() + "_0";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!status(out).containsValue("running")) {
            assertTrue(System.nanoTime() < deadline, "never running: " + status(out));
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        // What a method checkpoints into its scratch folder (the dual encoder does, every checkpoint_every steps)
        // must survive the requeue for the next attempt to resume from it.
        Path runDir = out.resolve(Submission.all(out).get(0).runs().get(0).dir());
        Files.writeString(Files.createDirectories(runDir.resolve("scratch/checkpoints")).resolve("marker"), "kept");
        Process p = new ProcessBuilder("scontrol", "requeue", task).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
        Map<String, String> end = waitUntilSettled(out, 1);
        assertEquals(Set.of("done"), new HashSet<>(end.values()), end.toString());
        assertEquals(1, metricsByRun(out).size());
        assertEquals("kept", Files.readString(runDir.resolve("scratch/checkpoints/marker")));
    }

    /** With --slurm-container each task's worker runs in the docker backend on its node (here: this machine). */
    @Test
    @SuppressWarnings("unchecked")
    void aTaskCanRunItsWorkerInTheHarnessImage() throws Exception {
        String image = System.getenv("XMC_DOCKER_IMAGE");
        Assumptions.assumeTrue(image != null && !image.isBlank(), "XMC_DOCKER_IMAGE is not set (no Docker here)");
        Path s = tmp.resolve("contained.yaml");
        Files.writeString(s, "name: contained\ndatasets: [debian-tags]\nmethods: [prior]\nlatency_sample: 20\n"
                + "timeout: 5m\nmemory: 1g\n");
        Path out = tmp.resolve("contained");
        CliTest.Result r = CliTest.run("run", "--suite", s.toString(), "--backend", "slurm", "--slurm-cpus", "1",
                "--slurm-container", "--image", image, "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(Set.of("done"), new HashSet<>(waitUntilSettled(out, 1).values()));
        Map<String, Object> rec = RunRecord.read(ResultsScanner.runDirs(out).get(0));
        assertEquals(image, Provenance.measuredOf(rec).get("container_image_digest"), "seen in the container");
        assertEquals("none", Provenance.measuredOf(rec).get("network"), "read back from the node's engine");
    }
}
