package org.xmcbench.cli.docker;

import java.util.regex.Pattern;

/**
 * A container image as a suite or the command line names it. Pinned means content-addressed: a registry digest
 * ({@code name@sha256:<64 hex>}) or a local image id ({@code sha256:<64 hex>}, what an offline {@code docker build}
 * yields: the digest of the image's configuration, which names every layer's content). A tag can be moved to other
 * content, so a benchmark run refuses it unless the user allows unpinned images.
 */
public record ImageRef(String reference) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern NAME_AT_DIGEST = Pattern.compile("[^@\\s]+@sha256:[0-9a-f]{64}");

    public ImageRef {
        if (reference == null || reference.isBlank() || reference.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bad image reference '" + reference + "'");
        }
    }

    public boolean pinned() {
        return DIGEST.matcher(reference).matches() || NAME_AT_DIGEST.matcher(reference).matches();
    }

    /** The digest the reference pins, or null for a tag. */
    public String digest() {
        if (!pinned()) {
            return null;
        }
        return reference.substring(reference.indexOf("sha256:"));
    }

    /** Refuses a tag unless {@code allowUnpinned}: a benchmark run must name the exact software it ran. */
    public ImageRef requirePinned(boolean allowUnpinned) {
        if (!pinned() && !allowUnpinned) {
            throw new IllegalArgumentException("image '" + reference + "' is not pinned: name it by digest "
                    + "(name@sha256:<digest>, or a local image id sha256:<id> from `docker images --no-trunc`), "
                    + "or pass --allow-unpinned for a run that is not a benchmark result");
        }
        return this;
    }

    @Override
    public String toString() {
        return reference;
    }
}
