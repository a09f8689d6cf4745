package org.xmcbench.cli.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A container runs as a non-root user, which cannot write into a run folder that root created. When the harness
 * runs as root it lends the folder to the container's uid:gid for the run and takes it (and everything the run
 * wrote) back afterwards, so results end up owned like the rest of the results tree. A harness running as an
 * ordinary user runs its containers under its own uid and has nothing to do here.
 */
public final class RunDirOwnership implements AutoCloseable {
    private final Path dir;
    private final int ownerUid;
    private final int ownerGid;
    private final boolean lent;
    private boolean givenBack;

    private RunDirOwnership(Path dir, int ownerUid, int ownerGid, boolean lent) {
        this.dir = dir;
        this.ownerUid = ownerUid;
        this.ownerGid = ownerGid;
        this.lent = lent;
    }

    public static RunDirOwnership lend(Path dir, int uid, int gid) throws IOException {
        int ownerUid = (Integer) Files.getAttribute(dir, "unix:uid");
        int ownerGid = (Integer) Files.getAttribute(dir, "unix:gid");
        if (ownerUid == uid || (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
            return new RunDirOwnership(dir, ownerUid, ownerGid, false);
        }
        chown(dir, uid, gid);
        return new RunDirOwnership(dir, ownerUid, ownerGid, true);
    }

    private static void chown(Path dir, int uid, int gid) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.toList();
        }
        for (Path p : all) {
            Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Gives the folder back; once only, from whichever comes first: the run's end or the harness's shutdown. */
    @Override
    public synchronized void close() throws IOException {
        if (lent && !givenBack) {
            chown(dir, ownerUid, ownerGid);
            givenBack = true;
        }
    }

    /** {@link #close} from a shutdown hook, where a failure can only be reported. */
    public void giveBackOnShutdown() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            System.err.println("could not give " + dir + " back to uid " + ownerUid + ": " + e);
        }
    }
}
