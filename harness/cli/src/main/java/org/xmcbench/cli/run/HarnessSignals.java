package org.xmcbench.cli.run;

import java.util.List;
import sun.misc.Signal;

/**
 * Which signal is stopping this harness. The JVM's own handling of SIGTERM, SIGINT and SIGHUP runs the shutdown
 * hooks without saying which signal came; these handlers note its name first (a run the harness interrupts is
 * recorded as "harness terminated by SIGTERM"), then shut down exactly as the JVM would, with status 128 + the
 * signal's number. A signal the harness was started with ignored (nohup) stays ignored.
 */
public final class HarnessSignals {
    private static volatile String received;

    private HarnessSignals() {}

    public static void install() {
        for (String name : List.of("TERM", "INT", "HUP")) {
            try {
                Signal.handle(new Signal(name), s -> {
                    received = "SIG" + s.getName();
                    System.exit(128 + s.getNumber());
                });
            } catch (IllegalArgumentException notHandledHere) {
                // the JVM keeps its own use of this signal (-Xrs, or not on this OS)
            }
        }
    }

    /** {@code SIGTERM}, {@code SIGINT} or {@code SIGHUP} once one has arrived, else null. */
    static String received() {
        return received;
    }
}
