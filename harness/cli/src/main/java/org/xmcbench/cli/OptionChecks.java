package org.xmcbench.cli;

import java.util.Locale;
import org.xmcbench.cli.run.RunLauncher;

/**
 * Checks of numbers a user gives before they drive an allocation or a run: each returns the value or throws
 * IllegalArgumentException saying what is wrong with it, naming the option; commands turn that into a usage error.
 */
final class OptionChecks {
    /** The largest cut-off k: predictions and metrics are held per row and per rank up to it. */
    static final int MAX_K = 1000;

    /** The smallest heap a run's JVM may get: the harness itself needs about this much before any data. */
    static final long MIN_HEAP_BYTES = 32L << 20;

    private OptionChecks() {}

    /** A cut-off k in [1, MAX_K] (where the label count is known, the command also holds k to it). */
    static int k(String option, int k) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException(option + " must be in [1, " + MAX_K + "], got " + k);
        }
        return k;
    }

    /** A positive duration ({@link RunLauncher#parseDuration}). */
    static java.time.Duration duration(String option, String value) {
        try {
            return RunLauncher.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** A finite, positive number (a propensity parameter). */
    static Double positive(String option, Double v) {
        if (v != null && !(Double.isFinite(v) && v > 0)) {
            throw new IllegalArgumentException(option + " must be a finite number > 0, got " + v);
        }
        return v;
    }

    /** A JVM heap size as {@code -Xmx} takes it (digits with an optional k, m, g or t), at least 32m, below 1 PiB. */
    static String heap(String option, String heap) {
        java.util.regex.Matcher m = heap == null ? null
                : java.util.regex.Pattern.compile("([0-9]{1,15})([kmgt]?)").matcher(heap.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(option + " must be a JVM heap size such as 512m or 4g (digits and k, "
                    + "m, g or t), got '" + heap + "'");
        }
        int shift = m.group(2).isEmpty() ? 0 : 10 * ("kmgt".indexOf(m.group(2)) + 1);
        long n = Long.parseLong(m.group(1));
        if (n >= 1L << (50 - shift)) {
            throw new IllegalArgumentException(option + " " + heap + " is not a heap size a machine has (over 1 PiB)");
        }
        if (n << shift < MIN_HEAP_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s is below the minimum heap of %dm",
                    option, heap, MIN_HEAP_BYTES >> 20));
        }
        return heap;
    }
}
