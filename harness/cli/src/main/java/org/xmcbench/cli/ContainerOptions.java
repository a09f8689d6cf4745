package org.xmcbench.cli;

import org.xmcbench.cli.docker.ContainerSettings;
import org.xmcbench.cli.docker.GpuRequest;
import org.xmcbench.cli.docker.ImageRef;
import org.xmcbench.cli.run.Suite;
import picocli.CommandLine.Option;

/** The docker backend's options, shared by {@code xmc run} and {@code xmc run-spec}. */
final class ContainerOptions {
    @Option(names = "--image", paramLabel = "REF", description = "docker backend: the harness image, pinned: "
            + "name@sha256:<digest> or a local image id sha256:<id> (overrides the suite's container.image)")
    String image;

    @Option(names = "--allow-unpinned", description = "docker backend: accept an image named by a tag (not for "
            + "benchmark results: a tag can move)")
    boolean allowUnpinned;

    @Option(names = "--cpuset", paramLabel = "CPUS", description = "docker backend: CPUs of the container, e.g. 0-1")
    String cpuset;

    @Option(names = "--container-memory", paramLabel = "SIZE", description = "docker backend: memory limit of the "
            + "container (default: the heap plus as much again, at least 2g more)")
    String containerMemory;

    @Option(names = "--gpus", paramLabel = "all|N|device=0,1", description = "docker backend: GPUs to request "
            + "through the NVIDIA runtime (default: none)")
    String gpus;

    @Option(names = "--container-user", paramLabel = "UID:GID", description = "docker backend: user of the "
            + "container (default: yours; 10001:10001 when you are root)")
    String containerUser;

    /** The command line's options over the suite's {@code container:} block. */
    ContainerSettings settings(Suite.ContainerEntry fromSuite, String heap) {
        String ref = image != null ? image : fromSuite == null ? null : fromSuite.image();
        if (ref == null) {
            throw new IllegalArgumentException("--backend docker needs an image: --image REF or container.image in "
                    + "the suite");
        }
        String mem = containerMemory != null ? containerMemory : fromSuite == null ? null : fromSuite.memory();
        String g = gpus != null ? gpus : fromSuite == null ? null : fromSuite.gpus();
        return new ContainerSettings(new ImageRef(ref).requirePinned(allowUnpinned),
                cpuset != null ? cpuset : fromSuite == null ? null : fromSuite.cpuset(),
                mem != null ? ContainerSettings.parseBytes(mem) : ContainerSettings.defaultMemory(heap),
                g == null ? null : GpuRequest.parse(g),
                containerUser != null ? containerUser : ContainerSettings.defaultUser());
    }
}
