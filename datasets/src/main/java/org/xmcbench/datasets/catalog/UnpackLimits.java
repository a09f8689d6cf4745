package org.xmcbench.datasets.catalog;

/**
 * How much one archive may unpack to: a total size and an entry count, so a small hostile archive (a "zip bomb")
 * cannot fill the disk. By default the size allowed grows with the archive ({@link #DEFAULT_RATIO} times its size,
 * at least {@link #DEFAULT_FLOOR_BYTES}, at most {@link #DEFAULT_CEILING_BYTES}): the benchmark archives unpack to
 * a few times their size, a bomb to hundreds. {@code maxBytes} set overrides the rule.
 *
 * @param maxBytes the total unpacked size allowed, or -1 for the rule relative to the archive's size
 * @param maxEntries the number of entries (files and folders) allowed
 */
public record UnpackLimits(long maxBytes, long maxEntries) {
    public static final long DEFAULT_RATIO = 50;
    public static final long DEFAULT_FLOOR_BYTES = 64L << 20;
    public static final long DEFAULT_CEILING_BYTES = 200L << 30;
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    public static final UnpackLimits DEFAULTS = new UnpackLimits(-1, DEFAULT_MAX_ENTRIES);

    public UnpackLimits {
        if (maxBytes == 0 || maxBytes < -1 || maxEntries <= 0) {
            throw new IllegalArgumentException("unpack limits must be positive (bytes " + maxBytes + ", entries "
                    + maxEntries + ")");
        }
    }

    /** The total unpacked size allowed for an archive of {@code archiveBytes}. */
    public long bytesFor(long archiveBytes) {
        if (maxBytes > 0) {
            return maxBytes;
        }
        long relative = archiveBytes > DEFAULT_CEILING_BYTES / DEFAULT_RATIO ? DEFAULT_CEILING_BYTES
                : archiveBytes * DEFAULT_RATIO;
        return Math.min(DEFAULT_CEILING_BYTES, Math.max(DEFAULT_FLOOR_BYTES, relative));
    }
}
