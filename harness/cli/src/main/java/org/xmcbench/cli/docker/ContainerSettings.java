package org.xmcbench.cli.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a container runs: its image, CPU set, memory limit, GPUs and user. {@link #hostConfig} turns them into the
 * engine's host configuration, the same for the harness's own image and for an external method's image: no
 * network, no capabilities, no privilege escalation, a read-only root file system with a private /tmp.
 *
 * @param cpuset CPUs the container may use ({@code 0-1}, {@code 0,2}), or null for all
 * @param memoryBytes hard memory limit, swap included (no swap beyond it)
 * @param gpus GPUs to request, or null for none
 * @param user {@code uid:gid} the container runs as (never root)
 */
public record ContainerSettings(ImageRef image, String cpuset, long memoryBytes, GpuRequest gpus, String user) {
    /** The uid a container runs as when the harness itself runs as root (nobody's files, nobody's privileges). */
    public static final String DEFAULT_USER = "10001:10001";
    /** The engine's network mode a container gets: none (its loopback only). */
    public static final String NETWORK_MODE = "none";

    public ContainerSettings {
        if (user == null || !user.matches("\\d+:\\d+")) {
            throw new IllegalArgumentException("container user must be uid:gid, got '" + user + "'");
        }
        if (user.startsWith("0:")) {
            throw new IllegalArgumentException("containers do not run as root (user " + user + ")");
        }
        if (memoryBytes < 64L << 20) {
            throw new IllegalArgumentException("container memory limit " + memoryBytes + " bytes is too small");
        }
    }

    /** The user a container runs as: this process's own uid:gid, or {@link #DEFAULT_USER} when that is root. */
    public static String defaultUser() {
        try {
            Map<String, Object> a = java.nio.file.Files.readAttributes(java.nio.file.Path.of("/proc/self"), "unix:uid,gid");
            int uid = (Integer) a.get("uid");
            return uid == 0 ? DEFAULT_USER : uid + ":" + a.get("gid");
        } catch (Exception e) {
            return DEFAULT_USER;
        }
    }

    /** The memory limit for a worker with this heap: the heap plus as much again (at least 2 GiB) for native memory. */
    public static long defaultMemory(String heap) {
        long h = parseBytes(heap);
        return h + Math.max(h, 2L << 30);
    }

    /** Parses {@code 512m}, {@code 8g}, {@code 1024k} or a plain byte count. */
    public static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad memory size '" + s + "' (e.g. 512m, 8g)");
        }
    }

    public int uid() {
        return Integer.parseInt(user.substring(0, user.indexOf(':')));
    }

    public int gid() {
        return Integer.parseInt(user.substring(user.indexOf(':') + 1));
    }

    public HostConfig hostConfig(List<Bind> binds) {
        HostConfig h = HostConfig.newHostConfig()
                .withNetworkMode(NETWORK_MODE)
                .withBinds(binds)
                .withMemory(memoryBytes)
                .withMemorySwap(memoryBytes)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,exec,size=1g"))
                .withInit(true);
        if (cpuset != null) {
            h.withCpusetCpus(cpuset);
        }
        if (gpus != null) {
            h.withDeviceRequests(List.of(gpus.deviceRequest()));
        }
        return h;
    }

    /** These settings as {@code xmc run-spec} options, for a run started elsewhere (a Slurm task). */
    public List<String> asArgs() {
        List<String> a = new java.util.ArrayList<>(List.of("--image", image.reference(), "--container-memory",
                Long.toString(memoryBytes), "--container-user", user));
        if (!image.pinned()) {
            a.add("--allow-unpinned");
        }
        if (cpuset != null) {
            a.addAll(List.of("--cpuset", cpuset));
        }
        if (gpus != null) {
            a.addAll(List.of("--gpus", gpus.toString()));
        }
        return a;
    }
}
