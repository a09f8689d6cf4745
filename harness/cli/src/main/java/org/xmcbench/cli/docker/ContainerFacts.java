package org.xmcbench.cli.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the engine says a created container is, from {@code docker inspect}: the image it runs, its network, user,
 * memory limit, CPU set, root file system and GPU requests. Recorded as {@code provenance.measured.container}, so a
 * record's "no network" is the engine's answer, not what the harness meant to ask for.
 */
final class ContainerFacts {
    private ContainerFacts() {}

    static Map<String, Object> of(InspectContainerResponse c) {
        HostConfig h = c.getHostConfig();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("container_id", c.getId());
        m.put("image_id", c.getImageId());
        m.put("network", network(c));
        m.put("network_mode", h == null ? null : h.getNetworkMode());
        m.put("networks", networks(c));
        m.put("user", c.getConfig() == null ? null : c.getConfig().getUser());
        m.put("memory_limit_bytes", h == null ? null : h.getMemory());
        m.put("cpuset", h == null ? null : h.getCpusetCpus());
        m.put("read_only_root", h == null ? null : h.getReadonlyRootfs());
        m.put("gpu_requests", h == null || h.getDeviceRequests() == null ? null : gpuRequests(h.getDeviceRequests()));
        return m;
    }

    /**
     * {@code none} when the container is attached to no network but the engine's "none" (its loopback only);
     * otherwise the networks it is attached to ({@code bridge}, {@code host}, ...), or its network mode.
     */
    static String network(InspectContainerResponse c) {
        List<String> attached = networks(c);
        String mode = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
        boolean disabled = c.getConfig() != null && Boolean.TRUE.equals(c.getConfig().getNetworkDisabled());
        boolean onlyNone = attached.stream().allMatch(ContainerSettings.NETWORK_MODE::equals);
        if (onlyNone && (ContainerSettings.NETWORK_MODE.equals(mode) || disabled)) {
            return ContainerSettings.NETWORK_MODE;
        }
        return attached.isEmpty() ? mode : String.join(",", attached);
    }

    private static List<String> networks(InspectContainerResponse c) {
        if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
            return List.of();
        }
        return new ArrayList<>(new TreeSet<>(c.getNetworkSettings().getNetworks().keySet()));
    }

    /** Each request as {@code --gpus} spells it ({@code all}, {@code 2}, {@code device=0,1}). */
    private static List<String> gpuRequests(List<DeviceRequest> requests) {
        return requests.stream().map(r -> new GpuRequest(r.getCount() == null ? 0 : r.getCount(),
                r.getDeviceIds() == null ? List.of() : r.getDeviceIds()).toString()).toList();
    }
}
