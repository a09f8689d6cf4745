package org.xmcbench.cli.slurm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.cli.run.RunRecord;

/**
 * The state of every run a results folder's Slurm submissions hold, from the run folder first (a record is the
 * truth: done, failed, timed out) and from Slurm for the rest (pending, running; and, once a task left the queue
 * without a record, accounting's final state where {@code sacct} works, else the submission's cancel mark).
 */
public final class RunStates {
    /** One run's state. {@code job} is {@code <job id>_<task>} of its newest submission. */
    public record RunState(String dataset, String method, String config, String state, String job, String detail) {}

    private RunStates() {}

    public static List<RunState> of(Path results, SlurmCommands slurm) throws IOException, InterruptedException {
        Map<String, Submission> newest = new LinkedHashMap<>();
        Map<String, Submission.Entry> entryOf = new LinkedHashMap<>();
        for (Submission s : Submission.all(results)) {
            for (Submission.Entry e : s.runs()) {
                newest.put(e.dir(), s);
                entryOf.put(e.dir(), e);
            }
        }
        Map<String, Map<Integer, String>> queued = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> accounted = new LinkedHashMap<>();
        List<RunState> out = new ArrayList<>();
        for (Map.Entry<String, Submission.Entry> en : entryOf.entrySet()) {
            Submission sub = newest.get(en.getKey());
            Submission.Entry e = en.getValue();
            Path dir = results.resolve(e.dir());
            String status = RunRecord.status(dir);
            String job = sub.jobId() + "_" + e.task();
            if ("success".equals(status)) {
                out.add(new RunState(e.dataset(), e.method(), e.config(), "done", job, ""));
                continue;
            }
            Map<Integer, String> q = queued.get(sub.jobId());
            if (q == null) {
                q = slurm.queued(sub.jobId());
                queued.put(sub.jobId(), q);
            }
            String inQueue = q.get(e.task());
            if (inQueue != null) {
                out.add(new RunState(e.dataset(), e.method(), e.config(), fromQueue(inQueue), job,
                        inQueue.toLowerCase(java.util.Locale.ROOT)));
                continue;
            }
            if ("failed".equals(status)) {
                String reason = String.valueOf(RunRecord.read(dir).get("reason"));
                String state = reason.startsWith("timeout") ? "timed out"
                        : sub.cancelledAt() != null && reason.contains("SIGTERM") ? "cancelled" : "failed";
                out.add(new RunState(e.dataset(), e.method(), e.config(), state, job, reason));
                continue;
            }
            if (!accounted.containsKey(sub.jobId())) {
                accounted.put(sub.jobId(), slurm.accounted(sub.jobId()));
            }
            Map<Integer, String> acct = accounted.get(sub.jobId());
            String fin = acct == null ? null : acct.get(e.task());
            String state = fin != null ? fromAccounting(fin) : sub.cancelledAt() != null ? "cancelled" : "lost";
            out.add(new RunState(e.dataset(), e.method(), e.config(), state, job, fin != null
                    ? "slurm: " + fin : state.equals("lost") ? "left the queue without a record" : ""));
        }
        return out;
    }

    static String fromQueue(String s) {
        return switch (s) {
            case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD" -> "pending";
            case "RUNNING", "CONFIGURING", "COMPLETING", "STAGE_OUT", "SIGNALING", "RESIZING" -> "running";
            case "SUSPENDED", "STOPPED" -> "suspended";
            default -> s.toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String fromAccounting(String s) {
        return switch (s) {
            case "CANCELLED" -> "cancelled";
            case "TIMEOUT", "DEADLINE" -> "timed out";
            case "PREEMPTED" -> "preempted";
            case "COMPLETED" -> "lost";   // finished without writing a record: its run folder was removed or moved
            default -> "failed";
        };
    }
}
