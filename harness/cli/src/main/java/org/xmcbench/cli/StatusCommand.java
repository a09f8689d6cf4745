package org.xmcbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.xmcbench.cli.run.LocalRunStates;
import org.xmcbench.cli.slurm.RunStates;
import org.xmcbench.cli.slurm.SlurmCommands;
import org.xmcbench.cli.slurm.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmc status DIR}: where each run of results folder DIR stands, launched here or submitted to Slurm. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"State of the runs in a results folder. Runs submitted to Slurm: pending, running, done, "
                + "failed, timed out, cancelled (from run.json, squeue and, where accounting is on, sacct). Runs "
                + "launched by xmc run: running (a live worker holds worker.lock; with its stage and last progress "
                + "line), done, failed, or lost (no worker and no record), those that finished within --recent "
                + "(default: ${DEFAULT-VALUE}) unless --all."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the results folder given to xmc run --out")
    Path dir;

    @Option(names = "--json", description = "one JSON object per run")
    boolean json;

    @Option(names = "--recent", defaultValue = "24h", paramLabel = "DURATION",
            description = "local runs finished longer ago than this are left out (e.g. 30m, 2h)")
    String recent;

    @Option(names = "--all", description = "every local run in the folder, however old")
    boolean all;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration window;
        try {
            window = all ? null : org.xmcbench.cli.run.RunLauncher.parseDuration(recent);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--recent: " + e.getMessage());
        }
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("xmc: no results folder " + dir.toAbsolutePath());
            return ExitCodes.FAILURE;
        }
        List<RunStates.RunState> states = new ArrayList<>(RunStates.of(dir, new SlurmCommands()));
        Set<String> submitted = new TreeSet<>();
        for (Submission s : Submission.all(dir)) {
            s.runs().forEach(e -> submitted.add(e.dir()));
        }
        for (LocalRunStates.LocalRun r : LocalRunStates.of(dir, submitted, window, Instant.now())) {
            states.add(new RunStates.RunState(r.dataset(), r.method(), r.config(), r.state(), "local", r.detail()));
        }
        if (states.isEmpty()) {
            System.out.println("no runs in " + dir.toAbsolutePath() + (all ? "" : " running or finished in the last "
                    + recent + " (--all lists every run)"));
            return ExitCodes.OK;
        }
        Map<String, Integer> counts = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"dataset", "method", "config", "state", "job", "detail"});
        for (RunStates.RunState s : states) {
            counts.merge(s.state(), 1, Integer::sum);
            if (json) {
                System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s));
            } else {
                String detail = s.detail().length() > 100 ? s.detail().substring(0, 97) + "..." : s.detail();
                rows.add(new String[] {s.dataset(), s.method(), s.config(), s.state(), s.job(), detail});
            }
        }
        if (!json) {
            System.out.print(TextTable.render(rows));
            StringBuilder b = new StringBuilder(states.size() + " runs:");
            counts.forEach((k, v) -> b.append(' ').append(v).append(' ').append(k).append(','));
            System.out.println(b.substring(0, b.length() - 1));
        }
        return ExitCodes.OK;
    }
}
