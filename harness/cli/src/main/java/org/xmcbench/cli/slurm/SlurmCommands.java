package org.xmcbench.cli.slurm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's own command-line clients, which are its stable interface (there is no Java client; slurmrestd is
 * optional and often off): {@code sbatch}, {@code squeue}, {@code sacct}, {@code scancel}, found on PATH and
 * configured as the user's shell would be ({@code SLURM_CONF} and friends are inherited).
 */
public final class SlurmCommands {
    /** A task's state as Slurm reports it, e.g. PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT. */
    public record TaskState(int task, String state) {}

    private record Output(int code, String out, String err) {}

    private static Output run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new IOException(cmd.get(0) + " was not found: --backend slurm needs Slurm's client commands on PATH",
                    e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not answer within 60 s");
        }
        return new Output(p.exitValue(), new String(out), new String(err));
    }

    /** Submits a job script; returns the job id. */
    public String sbatch(Path script) throws IOException, InterruptedException {
        Output o = run(List.of("sbatch", "--parsable", script.toString()));
        if (o.code() != 0) {
            throw new IOException("sbatch refused " + script + ": " + o.err().trim());
        }
        String id = o.out().trim();
        // --parsable prints "jobid" or "jobid;cluster"
        return id.contains(";") ? id.substring(0, id.indexOf(';')) : id;
    }

    /** The job's array tasks still in the queue (empty when the job has left it). */
    public Map<Integer, String> queued(String jobId) throws IOException, InterruptedException {
        Output o = run(List.of("squeue", "--noheader", "--array", "--jobs", jobId, "--format", "%K|%T"));
        Map<Integer, String> m = new LinkedHashMap<>();
        if (o.code() != 0) {
            if (o.err().contains("Invalid job id")) {
                return m;
            }
            throw new IOException("squeue failed for job " + jobId + ": " + o.err().trim());
        }
        for (TaskState t : parse(o.out())) {
            m.put(t.task(), t.state());
        }
        return m;
    }

    /** Final states from accounting ({@code sacct}), or null where accounting storage is off. */
    public Map<Integer, String> accounted(String jobId) throws IOException, InterruptedException {
        Output o = run(List.of("sacct", "--noheader", "--parsable2", "--allocations", "--jobs", jobId, "--format",
                "JobID,State"));
        if (o.code() != 0) {
            return null;
        }
        Map<Integer, String> m = new LinkedHashMap<>();
        for (String line : o.out().split("\n")) {
            String[] f = line.trim().split("\\|");
            if (f.length == 2 && f[0].startsWith(jobId + "_") && f[0].substring(jobId.length() + 1).matches("\\d+")) {
                // "CANCELLED by 0" -> CANCELLED
                m.put(Integer.parseInt(f[0].substring(jobId.length() + 1)), f[1].split(" ")[0]);
            }
        }
        return m;
    }

    public void scancel(String jobId) throws IOException, InterruptedException {
        Output o = run(List.of("scancel", jobId));
        if (o.code() != 0 && !o.err().contains("already completed") && !o.err().contains("Invalid job id")) {
            throw new IOException("scancel " + jobId + " failed: " + o.err().trim());
        }
    }

    /** Lines of {@code task|STATE}; a pending range ({@code [0-3%1]}) is expanded by --array, so tasks are ints. */
    static List<TaskState> parse(String out) {
        List<TaskState> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\|");
            if (f.length == 2 && f[0].matches("\\d+")) {
                l.add(new TaskState(Integer.parseInt(f[0]), f[1]));
            }
        }
        return l;
    }
}
