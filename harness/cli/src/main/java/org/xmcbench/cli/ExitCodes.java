package org.xmcbench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit status of every {@code xmc} command, one table for all: a script or CI job can tell a failed run from a
 * mistyped command line from a gate that could not look. Shown at the end of every command's {@code --help}.
 */
public final class ExitCodes {
    /** The command did what was asked (a gate: no regression). */
    public static final int OK = 0;
    /** A run, a download or the data failed (bad input files, missing data, offline; a gate: a regression). */
    public static final int FAILURE = 1;
    /**
     * The command line or a suite file it names is wrong: an unknown option, command, method, dataset or suite key, a
     * bad value, a suite that is not YAML; nothing started.
     */
    public static final int USAGE = 2;
    /** {@code check} or {@code report} could not look: no such folder, no run records, a damaged record. */
    public static final int BLIND = 3;

    private ExitCodes() {}

    /** The table as {@code --help} prints it: status to meaning. */
    static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(" " + OK, "success");
        t.put(" " + FAILURE, "failure: a run, a download or an input file (check: a regression)");
        t.put(" " + USAGE, "usage error: an option, command, method, dataset or suite file; nothing started");
        t.put(" " + BLIND, "check or report could not look: no folder, no records, a damaged one");
        return t;
    }
}
