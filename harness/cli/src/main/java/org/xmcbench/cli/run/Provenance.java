package org.xmcbench.cli.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a number came from: code version and commit, JVM, OS, CPU, memory, GPU, engines, container. */
public final class Provenance {
    private Provenance() {}

    public static Map<String, Object> collect(Path home) {
        Map<String, Object> p = new LinkedHashMap<>();
        String version = Provenance.class.getPackage().getImplementationVersion();
        p.put("xmcbench_version", version == null ? "dev" : version);
        String commit = git(home, "rev-parse", "HEAD");
        p.put("git_commit", commit);
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        p.put("git_dirty", commit == null ? null : status != null && !status.isBlank());
        p.put("jvm_vendor", System.getProperty("java.vendor"));
        p.put("jvm_version", System.getProperty("java.runtime.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        p.put("cpu_model", cpuModel());
        p.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        p.put("memory_bytes", totalMemory());
        p.put("gpu", gpu());
        p.put("djl_version", classVersion("ai.djl.engine.Engine"));
        p.put("pytorch_version", null);
        p.put("container_image_digest", System.getenv("XMC_CONTAINER_DIGEST"));
        return p;
    }

    private static String classVersion(String cls) {
        try {
            Package pk = Class.forName(cls).getPackage();
            return pk.getImplementationVersion();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static Long totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return null;
    }

    /**
     * GPU model, count, driver and the CUDA version the driver supports, from nvidia-smi, or null when there is
     * none. (The CUDA build of the libtorch a run used is in the run's {@code pytorch_version} / image.)
     */
    static Map<String, String> gpu() {
        String out = run(List.of("nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"), null);
        if (out == null || out.isBlank()) {
            return null;
        }
        return gpuFrom(out, run(List.of("nvidia-smi"), null));
    }

    /** Parses nvidia-smi's CSV query and the "CUDA Version: X" of its banner. */
    static Map<String, String> gpuFrom(String csv, String banner) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        String[] parts = lines.get(0).split(",\\s*");
        java.util.regex.Matcher cuda = java.util.regex.Pattern.compile("CUDA Version:\\s*([0-9.]+)")
                .matcher(banner == null ? "" : banner);
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("model", parts[0].trim());
        m.put("driver", parts.length > 1 ? parts[1].trim() : "");
        m.put("count", Integer.toString(lines.size()));
        m.put("cuda", cuda.find() ? cuda.group(1) : "");
        return m;
    }

    private static String git(Path home, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", home.toString()));
        cmd.addAll(List.of(args));
        String out = run(cmd, home);
        return out == null ? null : out.trim();
    }

    private static String run(List<String> cmd, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
