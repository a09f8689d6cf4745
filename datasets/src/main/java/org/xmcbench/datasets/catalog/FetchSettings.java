package org.xmcbench.datasets.catalog;

import java.time.Duration;

/**
 * The knobs of {@code xmc datasets fetch}, with their defaults in one place.
 *
 * @param connectTimeout how long to wait for a connection before calling the host unreachable
 * @param readTimeout how long a server may send nothing (before or after its headers) before the download fails
 * @param unpack how much an archive may unpack to
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, UnpackLimits unpack) {
    public static final int DEFAULT_CONNECT_TIMEOUT_S = 15;
    public static final int DEFAULT_READ_TIMEOUT_S = 60;

    public static final FetchSettings DEFAULTS = new FetchSettings(Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_S),
            Duration.ofSeconds(DEFAULT_READ_TIMEOUT_S), UnpackLimits.DEFAULTS);

    public FetchSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive (connect " + connectTimeout + ", read "
                    + readTimeout + ")");
        }
    }

    public FetchSettings withTimeouts(Duration connect, Duration read) {
        return new FetchSettings(connect, read, unpack);
    }

    public FetchSettings withUnpack(UnpackLimits limits) {
        return new FetchSettings(connectTimeout, readTimeout, limits);
    }
}
