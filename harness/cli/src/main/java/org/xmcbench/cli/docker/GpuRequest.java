package org.xmcbench.cli.docker;

import com.github.dockerjava.api.model.DeviceRequest;
import java.util.List;

/**
 * GPUs for a container, asked for the way the NVIDIA container runtime expects: a device request with the
 * {@code gpu} capability and either a count ({@code -1}: all) or device ids.
 * Parsed from {@code all}, a count ({@code 2}) or {@code device=0,1}.
 */
public record GpuRequest(int count, List<String> deviceIds) {
    public static GpuRequest parse(String s) {
        String t = s.trim();
        if (t.equals("all")) {
            return new GpuRequest(-1, List.of());
        }
        if (t.startsWith("device=")) {
            List<String> ids = List.of(t.substring("device=".length()).split(","));
            if (ids.isEmpty() || ids.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("bad GPU device list '" + s + "' (e.g. device=0,1)");
            }
            return new GpuRequest(0, ids);
        }
        try {
            int n = Integer.parseInt(t);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return new GpuRequest(n, List.of());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad GPU request '" + s + "': all, a count >= 1, or device=0,1");
        }
    }

    public DeviceRequest deviceRequest() {
        DeviceRequest r = new DeviceRequest().withCapabilities(List.of(List.of("gpu")));
        return deviceIds.isEmpty() ? r.withCount(count) : r.withDeviceIds(deviceIds);
    }

    @Override
    public String toString() {
        return deviceIds.isEmpty() ? (count < 0 ? "all" : Integer.toString(count)) : "device=" + String.join(",", deviceIds);
    }
}
