package org.xmcbench.cli.run;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xmcbench.cli.report.ReportWriter;
import org.xmcbench.datasets.io.AtomicFiles;

/**
 * Where a number came from, in two halves of {@code run.json}'s {@code provenance}: {@code configured}, what the
 * harness that started or submitted the run asked for and knew (backend, container, Slurm resources, its own host
 * and code), and {@code measured}, what the worker found where it ran, at run time: code version and commit, JVM,
 * OS, CPU, memory, GPU, load, host, network, and the container's facts read back from its engine. Under Slurm the
 * two are different machines; only {@code measured} says what the numbers were taken on.
 */
public final class Provenance {
    public static final String CONFIGURED = "configured";
    public static final String MEASURED = "measured";
    /** In a run folder: what the worker measured as it started, so a record written after it died still has it. */
    static final String MEASURED_FILE = "provenance.json";
    /** In a run folder: the facts of the container the worker runs in, read back from the engine before it starts. */
    static final String CONTAINER_FILE = "container.json";
    /** {@code measured.network} of a worker outside any container: the network of the machine it runs on. */
    static final String HOST_NETWORK = "host";

    private Provenance() {}

    /** What the harness knows when it starts or submits runs: the backend asked for, its own host and code. */
    public static Map<String, Object> configured(Path home, String backend) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("backend", backend);
        p.put("hostname", hostname());
        p.putAll(code(home));
        return p;
    }

    /**
     * What is true where this JVM runs, measured now: called by the worker on its own node (or in its container).
     * The commit is that of the code this JVM loaded, not of the folder the harness was started from.
     */
    public static Map<String, Object> measure() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hostname", hostname());
        Path code = codeLocation();
        p.put("code_location", code == null ? null : code.toString());
        p.putAll(code(code));
        p.put("jvm_vendor", System.getProperty("java.vendor"));
        p.put("jvm_version", System.getProperty("java.runtime.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        p.put("cpu_model", cpuModel());
        p.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        p.put("memory_bytes", totalMemory());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        p.put("load_1m", load < 0 ? null : load);
        p.put("gpu", gpu());
        p.put("djl_version", classVersion("ai.djl.engine.Engine"));
        p.put("pytorch_version", null);
        String digest = System.getenv("XMC_CONTAINER_DIGEST");
        p.put("container_image_digest", digest);
        // Inside a container the worker cannot see its network setting; the backend reads it back (container.json).
        p.put("network", digest == null ? HOST_NETWORK : null);
        p.put("slurm", slurm());
        return p;
    }

    /** The record's {@code provenance}: both halves. */
    public static Map<String, Object> record(Map<String, Object> configured, Map<String, Object> measured) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CONFIGURED, configured);
        p.put(MEASURED, measured);
        return p;
    }

    /**
     * A run's provenance from its folder: the spec's configured half, and what its worker measured with the
     * container facts its backend read back (null when there is neither: the worker died before measuring).
     */
    public static Map<String, Object> ofRun(RunSpec spec, Path dir) throws IOException {
        Map<String, Object> measured = readJson(dir.resolve(MEASURED_FILE));
        Map<String, Object> container = readJson(dir.resolve(CONTAINER_FILE));
        if (container != null) {
            measured = measured == null ? new LinkedHashMap<>() : measured;
            measured.put("container", container);
            measured.put("network", container.get("network"));
        }
        return record(spec.provenance(), measured);
    }

    /** Keeps what the worker measured in its run folder, for {@link #ofRun}. */
    static void writeMeasured(Path dir, Map<String, Object> measured) throws IOException {
        writeJson(dir.resolve(MEASURED_FILE), measured);
    }

    /** Keeps the facts of a run's container, read back from its engine before the worker starts, for {@link #ofRun}. */
    public static void writeContainer(Path dir, Map<String, Object> facts) throws IOException {
        writeJson(dir.resolve(CONTAINER_FILE), facts);
    }

    /** A previous attempt's measurements, removed before the next attempt (a requeued task may land elsewhere). */
    static void forgetMeasured(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(MEASURED_FILE));
        Files.deleteIfExists(dir.resolve(CONTAINER_FILE));
    }

    /**
     * The hardware and software a record's numbers were taken on: its {@code measured} half, or the whole
     * provenance of a record written before the two halves existed (then collected by the harness). Empty when
     * the record has none.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> measuredOf(Map<String, Object> record) {
        if (!(record.get("provenance") instanceof Map<?, ?> p)) {
            return Map.of();
        }
        if (!p.containsKey(MEASURED) && !p.containsKey(CONFIGURED)) {
            return (Map<String, Object>) p;
        }
        return p.get(MEASURED) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static void writeJson(Path f, Map<String, Object> m) throws IOException {
        AtomicFiles.writeString(f, RunSpec.JSON.writeValueAsString(m) + "\n");
    }

    private static Map<String, Object> readJson(Path f) throws IOException {
        return Files.isRegularFile(f) ? RunSpec.JSON.readValue(f.toFile(), new TypeReference<>() {}) : null;
    }

    private static String classVersion(String cls) {
        try {
            Package pk = Class.forName(cls).getPackage();
            return pk.getImplementationVersion();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Version, git commit and dirty flag of the code in {@code dir} (commit and flag null outside a git work tree). */
    private static Map<String, Object> code(Path dir) {
        Map<String, Object> p = new LinkedHashMap<>();
        String version = Provenance.class.getPackage().getImplementationVersion();
        p.put("xmcbench_version", version == null ? "dev" : version);
        String commit = dir == null ? null : git(dir, "rev-parse", "HEAD");
        p.put("git_commit", commit);
        p.put("git_dirty", commit == null ? null : gitDirty(dir));
        return p;
    }

    /**
     * Whether tracked files differ from the commit, not counting the files xmcbench itself writes into the tree
     * (the leaderboards of {@code xmc report}): writing a report does not make the next run "dirty".
     */
    static Boolean gitDirty(Path dir) {
        List<String> args = new ArrayList<>(List.of("status", "--porcelain", "--untracked-files=no", "--"));
        for (String generated : ReportWriter.FILE_NAMES) {
            args.add(":(top,exclude,glob)**/" + generated);
        }
        String status = git(dir, args.toArray(String[]::new));
        return status == null ? null : !status.isBlank();
    }

    /** The folder this JVM loaded xmcbench's classes from (a jar's folder), or null when unknown. */
    static Path codeLocation() {
        try {
            var source = Provenance.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The name of the machine (its UTS namespace: a container's own name inside one). */
    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return null;
            }
        }
    }

    /** The Slurm job, array task and node this JVM runs in, from the variables slurmd sets; null outside Slurm. */
    private static Map<String, String> slurm() {
        String job = System.getenv("SLURM_JOB_ID");
        if (job == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("job_id", job);
        m.put("array_job_id", System.getenv("SLURM_ARRAY_JOB_ID"));
        m.put("array_task_id", System.getenv("SLURM_ARRAY_TASK_ID"));
        m.put("node", System.getenv("SLURMD_NODENAME"));
        m.put("cpus_per_task", System.getenv("SLURM_CPUS_PER_TASK"));
        m.put("cuda_visible_devices", System.getenv("CUDA_VISIBLE_DEVICES"));
        return m;
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
    public static Map<String, String> gpu() {
        String out = run(List.of("nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"));
        if (out == null || out.isBlank()) {
            return null;
        }
        return gpuFrom(out, run(List.of("nvidia-smi")));
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

    private static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        String out = run(cmd);
        return out == null ? null : out.trim();
    }

    private static String run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
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
