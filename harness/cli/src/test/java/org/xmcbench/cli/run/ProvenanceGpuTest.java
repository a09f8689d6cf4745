package org.xmcbench.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** GPU facts for run.json, read from nvidia-smi's output as its manual page shows it (no GPU here). */
class ProvenanceGpuTest {
    @Test
    void modelDriverCountAndCudaVersion() {
        String csv = "NVIDIA H200, 570.124.06\nNVIDIA H200, 570.124.06\n";
        String banner = """
                +-----------------------------------------------------------------------------------------+
                | NVIDIA-SMI 570.124.06             Driver Version: 570.124.06     CUDA Version: 12.8     |
                |-----------------------------------------+------------------------+----------------------+
                """;
        Map<String, String> g = Provenance.gpuFrom(csv, banner);
        assertEquals("NVIDIA H200", g.get("model"));
        assertEquals("570.124.06", g.get("driver"));
        assertEquals("2", g.get("count"));
        assertEquals("12.8", g.get("cuda"));
        assertEquals("", Provenance.gpuFrom("Tesla T4, 535.54.03", null).get("cuda"));
    }
}
