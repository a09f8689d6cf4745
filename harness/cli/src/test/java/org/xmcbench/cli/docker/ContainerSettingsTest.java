package org.xmcbench.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmcbench.cli.run.RunSpec;

/** What a container is asked for, checked without an engine: pinning, GPU requests, limits, isolation. */
class ContainerSettingsTest {
    static final String ID = "sha256:" + "ab".repeat(32);

    @Test
    void onlyDigestsArePinned() {
        assertTrue(new ImageRef(ID).pinned());
        assertTrue(new ImageRef("ghcr.io/org/pecos@" + ID).pinned());
        assertEquals(ID, new ImageRef("ghcr.io/org/pecos@" + ID).digest());
        assertFalse(new ImageRef("xmcbench/harness:cpu").pinned());
        assertFalse(new ImageRef("debian@sha256:abc").pinned(), "a truncated digest is not a pin");
        assertNull(new ImageRef("debian:bookworm").digest());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageRef("xmcbench/harness:cpu").requirePinned(false));
        assertTrue(e.getMessage().contains("--allow-unpinned"), e.getMessage());
        assertEquals("xmcbench/harness:cpu", new ImageRef("xmcbench/harness:cpu").requirePinned(true).reference());
        assertThrows(IllegalArgumentException.class, () -> new ImageRef("two words"));
    }

    @Test
    void gpuRequestsAreWhatTheNvidiaRuntimeExpects() {
        DeviceRequest all = GpuRequest.parse("all").deviceRequest();
        assertEquals(List.of(List.of("gpu")), all.getCapabilities());
        assertEquals(-1, all.getCount());
        assertEquals(2, GpuRequest.parse("2").deviceRequest().getCount());
        DeviceRequest ids = GpuRequest.parse("device=0,3").deviceRequest();
        assertEquals(List.of("0", "3"), ids.getDeviceIds());
        assertEquals("device=0,3", GpuRequest.parse("device=0,3").toString());
        assertThrows(IllegalArgumentException.class, () -> GpuRequest.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> GpuRequest.parse("device="));
        assertThrows(IllegalArgumentException.class, () -> GpuRequest.parse("many"));
    }

    @Test
    void theHostConfigIsolatesAndLimits() {
        ContainerSettings s = new ContainerSettings(new ImageRef(ID), "0-1", 8L << 30, GpuRequest.parse("1"),
                "10001:10001");
        List<Bind> binds = List.of(new Bind("/data", new Volume("/data"), AccessMode.ro));
        HostConfig h = s.hostConfig(binds);
        assertEquals("none", h.getNetworkMode());
        assertEquals(8L << 30, h.getMemory());
        assertEquals(8L << 30, h.getMemorySwap(), "no swap beyond the memory limit");
        assertEquals("0-1", h.getCpusetCpus());
        assertTrue(h.getReadonlyRootfs());
        assertEquals(List.of(Capability.ALL), List.of(h.getCapDrop()));
        assertEquals(1, h.getDeviceRequests().size());
        assertEquals(List.of(List.of("gpu")), h.getDeviceRequests().get(0).getCapabilities());
        assertEquals(AccessMode.ro, h.getBinds()[0].getAccessMode());
        assertNull(new ContainerSettings(new ImageRef(ID), null, 1L << 30, null, "1000:1000").hostConfig(binds)
                .getDeviceRequests(), "no GPU asked, none requested");
    }

    @Test
    void limitsAndUsersAreChecked() {
        assertEquals(8L << 30, ContainerSettings.defaultMemory("4g"));
        assertEquals((1L << 30) + (2L << 30), ContainerSettings.defaultMemory("1g"));
        assertEquals(512L << 20, ContainerSettings.parseBytes("512m"));
        assertThrows(IllegalArgumentException.class, () -> ContainerSettings.parseBytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> new ContainerSettings(new ImageRef(ID), null, 1L << 30,
                null, "0:0"));
        assertThrows(IllegalArgumentException.class, () -> new ContainerSettings(new ImageRef(ID), null, 1L << 30,
                null, "root"));
        assertTrue(ContainerSettings.defaultUser().matches("\\d+:\\d+"));
        assertFalse(ContainerSettings.defaultUser().startsWith("0:"));
    }

    @Test
    void aRunInAnImageIsAnotherConfiguration() {
        RunSpec local = new RunSpec("xr-linear", "debian-tags", Map.of(), List.of(Map.of()), 0, 10, 200, null,
                Map.of());
        RunSpec inImage = local.withImage(ID);
        assertNotEquals(local.configHash(), inImage.configHash());
        assertEquals(inImage.configHash(), local.withImage(ID).withProvenance(Map.of("x", 1)).configHash(),
                "the provenance is not part of the configuration");
    }
}
