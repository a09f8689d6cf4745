package org.xmcbench.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.cli.slurm.SlurmCommands;
import org.xmcbench.cli.slurm.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xmc cancel DIR}: cancels what is left of the Slurm submissions into results folder DIR. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel the pending and running runs submitted to Slurm into a results folder (scancel). "
                + "Finished runs keep their records; submitting the suite again runs only the rest.")
final class CancelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the results folder given to xmc run --out")
    Path dir;

    @Override
    public Integer call() throws Exception {
        SlurmCommands slurm = new SlurmCommands();
        int cancelled = 0;
        for (Submission s : Submission.all(dir)) {
            if (s.cancelledAt() != null) {
                continue;
            }
            Map<Integer, String> left = slurm.queued(s.jobId());
            if (left.isEmpty()) {
                continue;
            }
            // Marked first: a run whose record the cancel's SIGTERM writes is then reported as cancelled.
            s.cancelled(Instant.now().toString()).write(dir);
            slurm.scancel(s.jobId());
            System.out.println("cancelled job " + s.jobId() + " of suite '" + s.suite() + "': " + left.size()
                    + " runs were pending or running");
            cancelled++;
        }
        if (cancelled == 0) {
            System.out.println("nothing to cancel in " + dir);
        }
        return 0;
    }
}
