package org.xmcbench.cli.slurm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * One submitted job array, kept as {@code <results>/slurm/job-<id>.json}: which run folder each array task runs,
 * so {@code xmc status} and {@code xmc cancel} can find a suite's runs in Slurm, and a resubmission can tell
 * which runs are still queued.
 */
public record Submission(@JsonProperty("job_id") String jobId, @JsonProperty("suite") String suite,
                         @JsonProperty("submitted_at") String submittedAt,
                         @JsonProperty("cancelled_at") String cancelledAt,
                         @JsonProperty("script") String script,
                         @JsonProperty("runs") List<Entry> runs) {

    /** Array task {@code task} runs the run folder {@code dir} (relative to the results folder). */
    public record Entry(@JsonProperty("task") int task, @JsonProperty("dir") String dir,
                        @JsonProperty("dataset") String dataset, @JsonProperty("method") String method,
                        @JsonProperty("config") String config) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static Path folder(Path results) {
        return results.resolve("slurm");
    }

    public Path file(Path results) {
        return folder(results).resolve("job-" + jobId + ".json");
    }

    public void write(Path results) throws IOException {
        Files.createDirectories(folder(results));
        AtomicFiles.writeString(file(results), JSON.writeValueAsString(this) + "\n");
    }

    public Submission cancelled(String at) {
        return new Submission(jobId, suite, submittedAt, at, script, runs);
    }

    /** Every submission recorded under {@code results}, oldest first. */
    public static List<Submission> all(Path results) throws IOException {
        Path dir = folder(results);
        List<Submission> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("job-.+\\.json")).toList();
        }
        for (Path f : files) {
            try {
                out.add(JSON.readValue(f.toFile(), Submission.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DataFormatException(f, "", "unreadable submission record: " + e.getOriginalMessage(), e);
            }
        }
        out.sort(Comparator.comparing(Submission::submittedAt));
        return out;
    }
}
