package org.xmcbench.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.xmcbench.cli.run.RunRecord;

/**
 * Reads every {@code run.json} under a results folder into leaderboard rows. A folder that does not exist or holds
 * no record is refused ({@link UnreadableResultsException}); a record that cannot be read is set aside as a
 * {@link DamagedRecordException} naming its file and field, and the others are still read: the caller decides
 * whether to skip it (a report) or refuse (the gate).
 */
public final class ResultsScanner {
    private ResultsScanner() {}

    /**
     * What a results folder holds.
     *
     * @param records how many {@code run.json} files were found
     * @param damaged the records that could not be read, in folder order
     */
    public record Scan(Path folder, List<LeaderboardRow> rows, List<DamagedRecordException> damaged, int records) {}

    public static List<Path> runDirs(Path results) throws IOException {
        Path runs = results.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(runs, 4)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(RunRecord.FILE))).sorted().toList();
        }
    }

    /**
     * Reads a results folder.
     *
     * @param role what the folder is to the caller ("results", "baseline", "candidate"), for the messages
     * @throws UnreadableResultsException when the folder is missing or holds no run record
     */
    public static Scan scan(Path results, String role) throws IOException {
        if (!Files.exists(results)) {
            throw new UnreadableResultsException(role + " folder " + results + " does not exist");
        }
        if (!Files.isDirectory(results)) {
            throw new UnreadableResultsException(role + " folder " + results + " is not a folder");
        }
        List<Path> dirs = runDirs(results);
        if (dirs.isEmpty()) {
            throw new UnreadableResultsException(role + " folder " + results + " holds no run records (no "
                    + "runs/DATASET/METHOD/CONFIG/" + RunRecord.FILE + "): a wrong path, or nothing was run there");
        }
        List<LeaderboardRow> rows = new ArrayList<>();
        List<DamagedRecordException> damaged = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                rows.addAll(RunRecordRows.of(dir.resolve(RunRecord.FILE), results.relativize(dir).toString()));
            } catch (DamagedRecordException e) {
                damaged.add(e);
            }
        }
        return new Scan(results, rows, damaged, dirs.size());
    }

    /** Every row of a folder whose records must all be readable (the first damaged one is thrown). */
    public static List<LeaderboardRow> rows(Path results) throws IOException {
        Scan s = scan(results, "results");
        if (!s.damaged().isEmpty()) {
            throw s.damaged().get(0);
        }
        return s.rows();
    }
}
