package org.xmcbench.cli.run;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine's 1-minute load average at the start and end of a timed span, with its core count. A timing taken
 * while other work held the cores (load above the run's own threads) reads much slower: a batch-1 forward pass of
 * a 2-thread engine on 2 busy cores took 17x longer than at 1 thread in one measurement. Null where the operating
 * system gives no load average.
 */
final class MachineLoad {
    private final Double start;

    private MachineLoad(Double start) {
        this.start = start;
    }

    static MachineLoad begin() {
        return new MachineLoad(now());
    }

    private static Double now() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? null : l;
    }

    /** {@code {"start", "end", "cores"}} of this span, ending now. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", start);
        m.put("end", now());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        return m;
    }
}
