package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.xmcbench.cli.slurm.RunStates;
import org.xmcbench.cli.slurm.SlurmCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmc status DIR}: where each run of the suites submitted to Slurm from results folder DIR stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "State of every run submitted to Slurm into a results folder: pending, running, done, failed, "
                + "timed out, cancelled (from run.json, squeue and, where accounting is on, sacct).")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the results folder given to xmc run --out")
    Path dir;

    @Option(names = "--json", description = "one JSON object per run")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<RunStates.RunState> states = RunStates.of(dir, new SlurmCommands());
        if (states.isEmpty()) {
            System.err.println("xmc: no Slurm submissions in " + dir.toAbsolutePath().resolve("slurm"));
            return 1;
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
        return 0;
    }
}
