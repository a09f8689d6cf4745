package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.docker.ContainerRun;
import org.xmcbench.cli.docker.ContainerSettings;
import org.xmcbench.cli.docker.DockerConnection;
import org.xmcbench.cli.docker.ImageRef;
import org.xmcbench.cli.report.ResultsScanner;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunRecord;

/**
 * The docker backend against a real Docker engine and the harness image built offline by
 * {@code harness/docker/build-images.sh} ({@code .ci/run} builds it and sets {@code XMC_DOCKER_IMAGE} to its id).
 * Skipped, saying why, where there is no such image.
 */
class DockerBackendTest {
    static String image;
    static DockerClient client;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void engine() {
        image = System.getenv("XMC_DOCKER_IMAGE");
        Assumptions.assumeTrue(image != null && !image.isBlank(), "XMC_DOCKER_IMAGE is not set: build the harness "
                + "image with harness/docker/build-images.sh and export its id (as .ci/run does where Docker runs)");
        // The image was named, so an engine must answer: a misconfigured CI fails here rather than skipping.
        client = DockerConnection.connect();
    }

    private static Map<String, Object> onlyRecord(Path out) throws IOException {
        List<Path> dirs = ResultsScanner.runDirs(out);
        assertEquals(1, dirs.size(), dirs.toString());
        return RunRecord.read(dirs.get(0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMethodInTheImageScoresExactlyAsOnThisMachine() throws Exception {
        Path local = tmp.resolve("local");
        Path docker = tmp.resolve("docker");
        CliTest.Result a = CliTest.run("run", "--method", "xr-linear", "--dataset", "debian-tags", "--out",
                local.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        CliTest.Result b = CliTest.run("run", "--method", "xr-linear", "--dataset", "debian-tags", "--backend",
                "docker", "--image", image, "--out", docker.toString());
        assertEquals(0, b.code(), b.out() + b.err());
        Map<String, Object> l = onlyRecord(local);
        Map<String, Object> d = onlyRecord(docker);
        List<Map<String, Object>> lr = (List<Map<String, Object>>) l.get("results");
        List<Map<String, Object>> dr = (List<Map<String, Object>>) d.get("results");
        assertEquals(lr.get(0).get("metrics"), dr.get(0).get("metrics"), "same seed, same metrics in both dialects");
        Map<String, Object> configured = (Map<String, Object>) ((Map<String, Object>) d.get("provenance"))
                .get(Provenance.CONFIGURED);
        assertEquals(image, configured.get("container_image_digest"));
        assertEquals("none", ((Map<String, Object>) configured.get("container")).get("network"), "asked for");
        Map<String, Object> measured = Provenance.measuredOf(d);
        assertEquals(image, measured.get("container_image_digest"), "seen by the worker in the container");
        // Read back from the engine (docker inspect of the created container), not what the harness asked for.
        Map<String, Object> c = (Map<String, Object>) measured.get("container");
        assertEquals(image, c.get("image_id"));
        assertEquals("none", c.get("network"));
        assertEquals("none", measured.get("network"));
        assertFalse(String.valueOf(c.get("user")).startsWith("0:"));
        assertNull(Provenance.measuredOf(l).get("container"));
        assertEquals("host", Provenance.measuredOf(l).get("network"), "a local worker uses the host's network");
        assertTrue(Files.size(ResultsScanner.runDirs(docker).get(0).resolve("worker.log")) > 0,
                "the container's output is streamed into the run folder");
        assertEquals(Files.getAttribute(docker, "unix:uid"), Files.getAttribute(ResultsScanner.runDirs(docker)
                .get(0).resolve("run.json"), "unix:uid"), "results belong to whoever owns the results folder");
        assertTrue(ContainerRun.owned(client, ProcessHandle.current().pid()).isEmpty());
    }

    @Test
    void anUnpinnedImageIsRefused() {
        CliTest.Result r = CliTest.run("run", "--method", "prior", "--dataset", "debian-tags", "--backend", "docker",
                "--image", "xmcbench/harness:cpu", "--out", tmp.resolve("unpinned").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not pinned"), r.err());
        assertFalse(Files.exists(tmp.resolve("unpinned/runs")), "nothing ran");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunPastItsTimeoutLeavesNoContainerBehind() throws Exception {
        Path out = tmp.resolve("timeout");
        CliTest.Result r = CliTest.run("run", "--method", "dual-encoder", "--dataset", "debian-tags", "--timeout",
                "8s", "--backend", "docker", "--image", image, "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        Map<String, Object> rec = onlyRecord(out);
        assertEquals("failed", rec.get("status"));
        assertTrue(String.valueOf(rec.get("reason")).startsWith("timeout"), String.valueOf(rec.get("reason")));
        Map<String, Object> prov = (Map<String, Object>) rec.get("provenance");
        assertEquals(image, ((Map<String, Object>) prov.get(Provenance.CONFIGURED)).get("container_image_digest"));
        assertEquals("none", Provenance.measuredOf(rec).get("network"), "read back before the worker started");
        assertTrue(ContainerRun.owned(client, ProcessHandle.current().pid()).isEmpty(), "container removed");
    }

    @Test
    void aContainerCannotOpenANetworkConnection() throws Exception {
        InetAddress host = bridgeAddress();
        Assumptions.assumeTrue(host != null, "no docker0 bridge on this host to aim at");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            server.setSoTimeout(2000);
            String connect = "echo interfaces: $(ls /sys/class/net); exec 3<>/dev/tcp/" + host.getHostAddress() + "/"
                    + server.getLocalPort() + " && echo connected";
            ContainerSettings s = new ContainerSettings(new ImageRef(image), null, 1L << 30, null,
                    ContainerSettings.defaultUser());
            Path log = tmp.resolve("network.log");
            ContainerRun.Outcome o = ContainerRun.run(client, s, image, List.of("bash", "-c", connect), List.of(),
                    Map.of(), "network-test", log, Duration.ofSeconds(60));
            String text = Files.readString(log);
            assertTrue(o.exitCode() != null && o.exitCode() != 0, "the connection must fail: " + text);
            assertFalse(text.contains("connected"), text);
            assertTrue(text.lines().anyMatch("interfaces: lo"::equals), "the loopback is the only interface: " + text);
            try {
                server.accept().close();
                throw new AssertionError("a connection reached the host");
            } catch (SocketTimeoutException expected) {
                // nothing came through
            }
            // Control: the same command on the engine's default bridge does connect, so the check above can fail.
            String id = client.createContainerCmd(image).withCmd("bash", "-c", connect)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("bridge")).exec().getId();
            try {
                client.startContainerCmd(id).exec();
                server.setSoTimeout(30000);
                server.accept().close();
            } finally {
                client.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

    private static InetAddress bridgeAddress() throws IOException {
        NetworkInterface nic = NetworkInterface.getByName("docker0");
        return nic == null ? null : nic.inetAddresses().filter(a -> a.getAddress().length == 4).findFirst()
                .orElse(null);
    }

    /** Starts {@code xmc run} in its own JVM on a long docker run and waits until its container exists. */
    private static Process harnessWithARunningContainer(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", Main.class.getName(), "run",
                "--method", "dual-encoder", "--dataset", "debian-tags", "--timeout", "10m", "--backend", "docker",
                "--image", image, "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(
                out.getFileName() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (ContainerRun.owned(client, p.pid()).isEmpty()) {
            assertTrue(p.isAlive(), "the harness ended before its container started");
            assertTrue(System.nanoTime() < deadline, "no container after 120 s");
            Thread.sleep(250);
        }
        return p;
    }

    /**
     * SIGTERM to the harness: the container is removed, the run is recorded as terminated by SIGTERM, and the run
     * folder (lent to the container's user when the harness runs as root) is given back to the harness's user.
     */
    @Test
    void anInterruptedHarnessRemovesItsContainerRecordsWhyAndGivesTheFolderBack() throws Exception {
        Path out = tmp.resolve("interrupted");
        Process p = harnessWithARunningContainer(out);
        p.destroy(); // SIGTERM, as Ctrl-C or a batch system would send
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(ContainerRun.owned(client, p.pid()).isEmpty(), "the shutdown hook removed the container");
        Path dir;
        try (java.util.stream.Stream<Path> s = Files.walk(out)) {
            dir = s.filter(f -> f.getFileName().toString().equals("spec.json")).findFirst().orElseThrow().getParent();
        }
        Map<String, Object> rec = RunRecord.read(dir);
        assertEquals("failed", rec.get("status"), rec.toString());
        assertTrue(String.valueOf(rec.get("reason")).startsWith("harness terminated by SIGTERM"), rec.toString());
        int harnessUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.toList()) {
                assertEquals(harnessUid, Files.getAttribute(f, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        f + " was not given back");
            }
        }
    }

    /**
     * SIGKILL to the harness (no hook runs): the harness's hold on the container's stdin drops with it, and the worker
     * inside records the run as failed ("harness died") and stops within seconds, not at its deadline.
     */
    @Test
    void aContainerWorkerStopsWhenItsHarnessIsKilledOutright() throws Exception {
        Path out = tmp.resolve("killed-outright");
        Process p = harnessWithARunningContainer(out);
        Path dir;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) { // the worker has started once it measured its machine
            try (java.util.stream.Stream<Path> s = Files.walk(out)) {
                dir = s.filter(f -> f.getFileName().toString().equals("spec.json")).findFirst().map(Path::getParent)
                        .orElse(null);
            }
            if (dir != null && Files.exists(dir.resolve("stage"))) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the worker did not start within 120 s");
            Thread.sleep(250);
        }
        String id = ContainerRun.owned(client, p.pid()).get(0).getId();
        p.destroyForcibly();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        while (Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getRunning())) {
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60),
                    "the container's worker still runs 60 s after its harness was killed (its timeout is 10 minutes)");
            Thread.sleep(250);
        }
        Map<String, Object> rec = RunRecord.read(dir);
        assertEquals("failed", rec.get("status"), rec.toString());
        assertTrue(String.valueOf(rec.get("reason")).startsWith("harness died"), rec.toString());
        ContainerRun.removeOrphans(client);
    }

    @Test
    void aContainerOfAKilledHarnessIsRemovedByTheNextOne() throws Exception {
        Process p = harnessWithARunningContainer(tmp.resolve("killed"));
        p.destroyForcibly(); // SIGKILL: no hook runs
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(ContainerRun.owned(client, p.pid()).isEmpty(), "the orphan is still there");
        assertTrue(ContainerRun.removeOrphans(client) >= 1);
        assertTrue(ContainerRun.owned(client, p.pid()).isEmpty());
        assertNotNull(image);
    }

    /**
     * xmcbench's own tfidf-knn, run as an external program inside the harness image under the file contract
     * (dataset in at /xmc/data in the pecos layout, predictions.npz and timings.json out), scores exactly as the
     * same method run in process: the contract loses nothing on the way in or out.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anExternalProgramIsScoredByTheHarnessExactlyAsInProcess() throws Exception {
        Path local = tmp.resolve("ext-local");
        Path ext = tmp.resolve("ext");
        CliTest.Result a = CliTest.run("run", "--method", "tfidf-knn", "--dataset", "debian-tags", "--out",
                local.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        String program = "set -e; t0=$(date +%s%N); "
                + "java -cp '/opt/xmcbench/lib/*' org.xmcbench.cli.Main run --method tfidf-knn --dataset \"$XMC_DATA\" "
                + "--out /tmp/r > /tmp/run.log 2>&1 || { cat /tmp/run.log; exit 1; }; t1=$(date +%s%N); "
                + "cp /tmp/r/runs/*/tfidf-knn/*/predictions-default.npz \"$XMC_OUT/predictions.npz\"; "
                + "echo \"{\\\"phases\\\": {\\\"fit\\\": $(( (t1 - t0) / 1000000 ))e-3, \\\"predict\\\": 0.5}}\" "
                + "> \"$XMC_OUT/timings.json\"";
        CliTest.Result b = CliTest.run("run", "--method", "external", "--dataset", "debian-tags", "--set",
                "image=" + image, "--set", "command=" + program, "--set", "layout=pecos", "--set", "memory=6g",
                "--out", ext.toString());
        assertEquals(0, b.code(), b.out() + b.err());
        Map<String, Object> l = onlyRecord(local);
        Map<String, Object> e = onlyRecord(ext);
        Map<String, Object> lr = ((List<Map<String, Object>>) l.get("results")).get(0);
        Map<String, Object> er = ((List<Map<String, Object>>) e.get("results")).get(0);
        assertEquals(lr.get("metrics"), er.get("metrics"));
        Map<String, Object> predict = (Map<String, Object>) er.get("predict");
        assertEquals(0.5, ((Number) predict.get("wall_s")).doubleValue(), "the program's own predict time");
        assertEquals(false, ((Map<String, Object>) er.get("latency")).get("measured"));
        Map<String, Object> info = (Map<String, Object>) e.get("fit_info");
        assertEquals(image, ((Map<String, Object>) info.get("external_container")).get("image_id"));
        assertTrue(((Number) ((Map<String, Object>) info.get("external_phases_s")).get("fit")).doubleValue() > 0);
        assertTrue(ContainerRun.owned(client, ProcessHandle.current().pid()).isEmpty());
    }

    @Test
    void anExternalProgramThatBreaksTheContractFailsItsRunSayingWhy() throws Exception {
        Path out = tmp.resolve("ext-broken");
        CliTest.Result r = CliTest.run("run", "--method", "external", "--dataset", "debian-tags", "--set",
                "image=" + image, "--set", "command=echo trained", "--out", out.toString());
        assertEquals(1, r.code());
        Map<String, Object> rec = onlyRecord(out);
        assertEquals("failed", rec.get("status"));
        assertTrue(String.valueOf(rec.get("reason")).contains("wrote no predictions.npz"), String.valueOf(rec));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSuiteNamesItsContainerAndTheCommandLineOverridesIt() throws Exception {
        Path suite = tmp.resolve("in-docker.yaml");
        Files.writeString(suite, "name: in-docker\ndatasets: [debian-tags]\nmethods: [prior, tfidf-knn]\n"
                + "latency_sample: 20\ncontainer: {image: \"" + image + "\", memory: 5g, cpuset: \"0\"}\n");
        Path out = tmp.resolve("suite");
        CliTest.Result r = CliTest.run("run", "--suite", suite.toString(), "--backend", "docker", "--container-memory",
                "3g", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<Path> dirs = ResultsScanner.runDirs(out);
        assertEquals(2, dirs.size());
        for (Path d : dirs) {
            // As the engine reports the container it ran in.
            Map<String, Object> c = (Map<String, Object>) Provenance.measuredOf(RunRecord.read(d)).get("container");
            assertEquals(3L << 30, ((Number) c.get("memory_limit_bytes")).longValue(), "the command line wins");
            assertEquals("0", c.get("cpuset"), "the suite's value where the command line is silent");
        }
    }
}
