package org.xmcbench.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container facts recorded in run.json are the engine's answer to {@code docker inspect}, as the engine
 * sends it (trimmed to the fields read): a container without network says {@code none}, one on a bridge says so.
 */
class ContainerFactsTest {
    private static InspectContainerResponse inspect(String hostConfig, String networks, boolean disabled)
            throws Exception {
        return new ObjectMapper().readValue("""
                {"Id": "4f1c2e", "Image": "sha256:9e1d", "Config": {"User": "1000:1000", "NetworkDisabled": %s},
                 "HostConfig": {%s, "Memory": 4294967296, "CpusetCpus": "0-1", "ReadonlyRootfs": true,
                   "DeviceRequests": [{"Driver": "", "Count": -1, "DeviceIDs": null, "Capabilities": [["gpu"]]}]},
                 "NetworkSettings": {"Networks": {%s}}}
                """.formatted(disabled, hostConfig, networks), InspectContainerResponse.class);
    }

    @Test
    void theNetworkIsReadBackNotAssumed() throws Exception {
        Map<String, Object> none = ContainerFacts.of(inspect("\"NetworkMode\": \"none\"",
                "\"none\": {\"NetworkID\": \"\", \"IPAddress\": \"\"}", true));
        assertEquals("none", none.get("network"));
        assertEquals(List.of("none"), none.get("networks"));
        assertEquals("sha256:9e1d", none.get("image_id"));
        assertEquals("1000:1000", none.get("user"));
        assertEquals(4294967296L, ((Number) none.get("memory_limit_bytes")).longValue());
        assertEquals("0-1", none.get("cpuset"));
        assertEquals(true, none.get("read_only_root"));
        assertEquals(List.of("all"), none.get("gpu_requests"));

        Map<String, Object> bridge = ContainerFacts.of(inspect("\"NetworkMode\": \"bridge\"",
                "\"bridge\": {\"NetworkID\": \"7a\", \"IPAddress\": \"172.17.0.2\"}", false));
        assertEquals("bridge", bridge.get("network"));
        assertEquals("host", ContainerFacts.of(inspect("\"NetworkMode\": \"host\"", "\"host\": {}", false))
                .get("network"));
        // Asked for none but attached to a network after all: not "none".
        assertEquals("bridge", ContainerFacts.of(inspect("\"NetworkMode\": \"none\"", "\"bridge\": {}", false))
                .get("network"));
        assertEquals("none", ContainerFacts.of(inspect("\"NetworkMode\": \"none\"", "", false)).get("network"));
    }
}
