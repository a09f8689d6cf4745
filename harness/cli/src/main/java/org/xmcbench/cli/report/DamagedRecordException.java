package org.xmcbench.cli.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code run.json} that cannot be read as a run record: not JSON, truncated, or a field missing or of the wrong
 * type. It names the file and the field, so a user can find the one damaged record among hundreds; the report
 * skips it with this message as a warning, the regression gate refuses to pass over it.
 */
public final class DamagedRecordException extends IOException {
    private final Path file;
    private final String field;
    private final String problem;

    /** @param field the field's path in the record ({@code results[0].metrics.pyxclib}), or null for the file */
    public DamagedRecordException(Path file, String field, String problem) {
        super(file + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** The damaged field's path, or null when the file as a whole could not be read. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
