package org.xmcbench.cli.report;

import java.io.IOException;

/**
 * A results folder that gives a report or the regression gate nothing to look at: it does not exist, holds no run
 * records, or (for the gate) holds records it cannot compare. The CLI exits with {@link #EXIT_CODE} so a CI job can
 * tell "could not look" from "looked and found a regression" (1) and from a usage error (2).
 */
public final class UnreadableResultsException extends IOException {
    /** The exit status of {@code xmc report} and {@code xmc check} when they could not look. */
    public static final int EXIT_CODE = org.xmcbench.cli.ExitCodes.BLIND;

    public UnreadableResultsException(String message) {
        super(message);
    }
}
