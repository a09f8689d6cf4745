package org.xmcbench.cli.slurm;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What each run of a job array asks of Slurm.
 *
 * <p>Every text value that goes into the job script's {@code #SBATCH} lines (partition, account, QOS, each raw
 * option) must consist of the characters {@value #SAFE_CHARACTERS}: letters, digits and what Slurm's own values
 * use (lists, node ranges, constraint expressions). No space, quote, {@code #}, backslash or
 * control character: sbatch splits an {@code #SBATCH} line at spaces into further options and honours quotes and
 * comments in it, and a newline would start a line of the script's shell. A raw option is one
 * {@code --name[=value]}.
 *
 * @param memoryBytes memory per run (sbatch --mem, rounded up to MiB)
 * @param gpus GPUs per run ({@code --gres=gpu:N}), 0 for none
 * @param time Slurm's time limit per run (rounded up to minutes)
 * @param maxParallel at most this many runs at once ({@code --array=...%N}), or null
 * @param options raw sbatch options, each one line of the job script's header
 */
public record SlurmResources(String partition, String account, String qos, int cpus, long memoryBytes, int gpus,
                             Duration time, Integer maxParallel, List<String> options) {
    /** The characters a value pasted into an {@code #SBATCH} line may have (a regex character class). */
    public static final String SAFE_CHARACTERS = "[A-Za-z0-9._:,=+@/|&*\\[\\]-]";
    private static final Pattern SAFE = Pattern.compile(SAFE_CHARACTERS + "+");
    private static final Pattern OPTION = Pattern.compile("--[A-Za-z0-9][A-Za-z0-9-]*(=" + SAFE_CHARACTERS + "+)?");

    public SlurmResources {
        if (cpus < 1 || gpus < 0 || memoryBytes < 1 << 20 || time.isNegative() || time.isZero()
                || maxParallel != null && maxParallel < 1) {
            throw new IllegalArgumentException("bad Slurm resources: cpus " + cpus + ", gpus " + gpus + ", memory "
                    + memoryBytes + " bytes, time " + time + ", max parallel " + maxParallel);
        }
        requireSafe("partition", partition);
        requireSafe("account", account);
        requireSafe("qos", qos);
        for (String o : options) {
            requireOption("option", o);
        }
    }

    /**
     * Refuses a value (null allowed: not set) with a character outside {@link #SAFE_CHARACTERS}; {@code field}
     * names it in the error ({@code --partition}, {@code slurm.partition}).
     */
    public static void requireSafe(String field, String value) {
        if (value != null && !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " " + shown(value) + " has a character outside "
                    + SAFE_CHARACTERS + " (it goes into the job script's #SBATCH lines)");
        }
    }

    /** Refuses a raw sbatch option that is not one {@code --name[=value]} of {@link #SAFE_CHARACTERS}. */
    public static void requireOption(String field, String option) {
        if (option == null || !OPTION.matcher(option).matches()) {
            throw new IllegalArgumentException(field + " " + shown(option) + " is not one sbatch option --name[=value]"
                    + " with a value of " + SAFE_CHARACTERS + " (it goes into the job script's #SBATCH lines)");
        }
    }

    /** The value as Java would write it in source, control characters escaped, at most 80 characters of it. */
    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        value.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(value.codePointCount(0, value.length()) > 80 ? "'..." : "'").toString();
    }
}
