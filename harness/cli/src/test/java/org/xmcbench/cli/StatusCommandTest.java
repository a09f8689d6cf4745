package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.cli.run.RunRecord;

/**
 * {@code xmc status} on runs launched here, not through Slurm: one running (its worker holds worker.lock), one done,
 * one failed, one lost (its worker died before a record), one done long ago (shown only with --all).
 */
class StatusCommandTest {
    @Test
    void showsLocalRunsByTheirFiles(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        assertEquals(0, CliTest.run("run", "--method", "prior", "--dataset", "debian-tags", "--out", out.toString())
                .code());
        Path done = out.resolve("runs/debian-tags/prior").toFile().listFiles()[0].toPath();
        Path running = copy(done, "running00000");
        Files.delete(running.resolve("run.json"));
        Files.writeString(running.resolve("stage"), "fit\n");
        Files.writeString(running.resolve("worker.log"), "[stage] fit\nlevel 1  43% [=====     ] 252/581 (0:00:07 / "
                + "0:00:09)\rlevel 1  66% [=======   ] 389/581 (0:00:08 / 0:00:03)");
        Path lost = copy(done, "lost00000000");
        Files.delete(lost.resolve("run.json"));
        Files.writeString(lost.resolve("stage"), "predict default\n");
        Path failed = copy(done, "failed000000");
        Map<String, Object> record = RunRecord.read(failed);
        record.put("status", "failed");
        record.put("reason", "deliberate failure in fit");
        RunRecord.write(failed, record);
        Path old = copy(done, "old000000000");
        Files.setLastModifiedTime(old.resolve("run.json"), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        try (FileChannel ch = FileChannel.open(running.resolve("worker.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock alive = ch.lock()) {
            Map<String, Map<?, ?>> byConfig = json(CliTest.run("status", out.toString(), "--json"));
            assertEquals("running", byConfig.get("running00000").get("state"));
            String detail = String.valueOf(byConfig.get("running00000").get("detail"));
            assertTrue(detail.startsWith("fit (") && detail.endsWith("level 1 66% 389/581 (0:00:08 / 0:00:03)"),
                    "the stage and the last progress line: " + detail);
            assertEquals("done", byConfig.get(done.getFileName().toString()).get("state"));
            assertEquals("failed", byConfig.get("failed000000").get("state"));
            assertEquals("deliberate failure in fit", byConfig.get("failed000000").get("detail"));
            assertEquals("lost", byConfig.get("lost00000000").get("state"));
            assertTrue(String.valueOf(byConfig.get("lost00000000").get("detail")).contains("predict default"));
            assertTrue(!byConfig.containsKey("old000000000"), "finished 2 days ago, outside --recent 24h");
            assertEquals("local", byConfig.get("running00000").get("job"));
            assertEquals(5, json(CliTest.run("status", out.toString(), "--json", "--all")).size());
            assertEquals(ExitCodes.USAGE, CliTest.run("status", out.toString(), "--recent", "0s").code());
            CliTest.Result table = CliTest.run("status", out.toString());
            assertTrue(table.out().contains("4 runs: 1 done, 1 failed, 1 lost, 1 running"), table.out());
        }
        assertEquals("lost", json(CliTest.run("status", out.toString(), "--json")).get("running00000").get("state"),
                "its worker gone, the run without a record is lost");
        CliTest.Result none = CliTest.run("status", tmp.resolve("nowhere").toString());
        assertEquals(ExitCodes.FAILURE, none.code());
    }

    private static Path copy(Path run, String config) throws IOException {
        Path to = run.resolveSibling(config);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Map<String, Map<?, ?>> json(CliTest.Result r) throws IOException {
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, Map<?, ?>> m = new HashMap<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                Map<?, ?> s = new ObjectMapper().readValue(line, Map.class);
                m.put(String.valueOf(s.get("config")), s);
            }
        }
        return m;
    }
}
