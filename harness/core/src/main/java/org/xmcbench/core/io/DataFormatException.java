package org.xmcbench.core.io;

import java.nio.file.Path;

/**
 * Bad input: names the file, where in it (a line, a zip entry, a JSON field) and what is wrong, so a user can fix
 * the file without a debugger. Readers throw it instead of returning a partial dataset.
 */
public class DataFormatException extends RuntimeException {
    private final transient Path file;
    private final String location;
    private final String problem;

    public DataFormatException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    public DataFormatException(Path file, String location, String problem, Throwable cause) {
        super(file + (location == null || location.isEmpty() ? "" : ": " + location) + ": " + problem, cause);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    public static DataFormatException atLine(Path file, long line, String problem) {
        return new DataFormatException(file, "line " + line, problem);
    }

    public Path file() {
        return file;
    }

    public String location() {
        return location;
    }

    public String problem() {
        return problem;
    }
}
