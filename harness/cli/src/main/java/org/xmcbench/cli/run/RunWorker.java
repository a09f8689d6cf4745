package org.xmcbench.cli.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.ValidationSplit;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.io.AtomicFiles;
import org.xmcbench.datasets.io.Npz;

/**
 * The child JVM of one run (like a JMH fork): loads the data, fits (or loads a saved model), saves and reloads the
 * model, predicts the whole test set for each query setting, measures single-query latency, scores, and writes
 * {@code run.json}. Before each stage it records the stage's name, so a crash, an OutOfMemoryError or a timeout
 * that kills this process still tells the parent how far the run got. It holds the run's {@code worker.lock} while
 * it lives, and stops itself, recording why, at its own deadline or when its harness dies ({@link WorkerEnd}).
 */
public final class RunWorker {
    static final int LATENCY_WARMUP = 20;

    /** The worker's exit status when another live worker holds the run: it touched nothing. */
    static final int ANOTHER_WORKER = 4;

    private final RunSpec spec;
    private final Path dir;
    private final WorkerEnd end;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private RunWorker(RunSpec spec, Path dir, WorkerEnd end) {
        this.spec = spec;
        this.dir = dir;
        this.end = end;
    }

    /** {@code SPEC --timeout-ms N --memory HEAP [--watch-stdin]}, as {@link RunBackend#workerCommand} writes it. */
    public static void main(String[] args) throws Exception {
        Path specFile = Path.of(args[0]);
        List<String> options = List.of(args).subList(1, args.length);
        Duration timeout = Duration.ofMillis(Long.parseLong(option(options, "--timeout-ms")));
        RunSpec spec = RunSpec.JSON.readValue(specFile.toFile(), RunSpec.class);
        Path dir = specFile.toAbsolutePath().getParent();
        try (RunLock lock = RunLock.tryAcquire(dir, RunLock.WORKER)) {
            if (lock == null) {
                System.err.println("another worker is running in " + dir + " (it holds " + RunLock.WORKER
                        + "): this one stops without touching the run");
                System.exit(ANOTHER_WORKER);
            }
            WorkerEnd end = new WorkerEnd(spec, dir, timeout, option(options, "--memory"));
            end.watchDeadline();
            if (options.contains("--watch-stdin")) {
                end.watchHarness(System.in);
            }
            boolean recorded = new RunWorker(spec, dir, end).run();
            System.exit(recorded ? 0 : WorkerEnd.RECORDED_FAILURE);
        }
    }

    private static String option(List<String> options, String name) {
        int i = options.indexOf(name);
        if (i < 0 || i + 1 >= options.size()) {
            throw new IllegalArgumentException("the worker needs " + name + " (its harness passes it)");
        }
        return options.get(i + 1);
    }

    /** Records the stage reached (for a failure's record) and logs it (for whoever follows the log). */
    private void stage(String name) throws IOException {
        AtomicFiles.writeString(dir.resolve("stage"), name + "\n");
        System.err.println("[stage] " + name);
    }

    private record Timed(double wallSeconds, double cpuSeconds) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wall_s", wallSeconds);
            m.put("cpu_s", cpuSeconds);
            return m;
        }
    }

    /** Process CPU time (all threads), so parallel work is counted. */
    private double processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return threads.getCurrentThreadCpuTime() / 1e9;
    }

    /** @return whether the run's successful record was written (not a failure that ended it first) */
    private boolean run() throws Exception {
        Instant started = Instant.now();
        // Measured here, where the run runs (a Slurm node, a container), before anything can fail.
        Map<String, Object> measured = Provenance.measure();
        Provenance.writeMeasured(dir, measured);
        MethodStrategy method = Methods.get(spec.method());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "running");
        stage("load");
        double w0 = System.nanoTime() / 1e9;
        double c0 = processCpu();
        // Raw texts only for methods that read them: a features-only method loads faster and smaller.
        boolean texts = method.descriptor().inputs().contains(MethodDescriptor.Input.RAW_TEXT)
                || method.descriptor().inputs().contains(MethodDescriptor.Input.LABEL_TEXT);
        XmcDataset data = DatasetResolver.standard().load(spec.dataset(), null, false, texts);
        // With a validation share, the method never sees the held-out training rows: thresholds chosen on them
        // are then applied to test as a deployed system would.
        if (spec.validation() != null && method instanceof org.xmcbench.cli.external.ExternalStrategy) {
            throw new IllegalArgumentException("validation is not available for external programs: they predict the"
                    + " test set only, so there is nothing to choose thresholds on");
        }
        ValidationSplit validation = spec.validation() == null ? null
                : ValidationSplit.carve(data, spec.validation(), spec.seed());
        XmcDataset fitData = validation == null ? data : validation.train();
        Timed load = new Timed(System.nanoTime() / 1e9 - w0, processCpu() - c0);

        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        // A GPU is offered to the method when the machine (or container) this worker runs on has one.
        RunContext.Device device = measured.get("gpu") != null ? RunContext.Device.GPU : RunContext.Device.CPU;
        SimpleRunContext ctx = new SimpleRunContext(spec.seed(), device, scratch, () -> false, RunWorker::progressBar);
        Params fitParams = method.fitParams().resolve(spec.expandedFitParams(method));
        TrainedModel model;
        Timed fit = null;
        Map<String, Object> fitLoad = null;
        Path modelDir = dir.resolve("model");
        if (spec.modelDir() != null) {
            stage("load-model");
            model = method.load(Path.of(spec.modelDir()), ctx);
            modelDir = Path.of(spec.modelDir());
        } else {
            stage("fit");
            w0 = System.nanoTime() / 1e9;
            c0 = processCpu();
            MachineLoad loadDuringFit = MachineLoad.begin();
            model = method.fit(fitData, fitParams, ctx);
            fit = new Timed(System.nanoTime() / 1e9 - w0, processCpu() - c0);
            fitLoad = loadDuringFit.json();
            stage("save-model");
            model.save(modelDir);
        }
        long modelBytes = folderSize(modelDir);
        stage("load-model");
        w0 = System.nanoTime() / 1e9;
        model = method.load(modelDir, ctx);
        double modelLoad = System.nanoTime() / 1e9 - w0;

        Queries queries = new Queries(data.testFeatures(), data.testTexts());
        List<Map<String, Object>> results = new ArrayList<>();
        for (Map<String, String> q : spec.querySettings()) {
            String key = RunSpec.queryKey(q);
            Params qp = method.queryParams().resolve(q);
            stage("predict " + key);
            w0 = System.nanoTime() / 1e9;
            c0 = processCpu();
            TopK top = method.predict(model, queries, spec.k(), qp, ctx);
            Timed predict = new Timed(System.nanoTime() / 1e9 - w0, processCpu() - c0);
            Double external = method.externalPredictSeconds(model);
            Map<String, Object> latency;
            if (external == null) {
                stage("latency " + key);
                latency = latency(method, model, queries, qp, ctx);
            } else {
                // The program predicted the whole test set in its own process: its figure is the predict time,
                // and there is no single-query path to time.
                predict = new Timed(external, Double.NaN);
                latency = new LinkedHashMap<>();
                latency.put("measured", false);
                latency.put("reason", "predictions computed by an external program over the whole test set");
            }
            stage("evaluate " + key);
            CsrMatrix pred = top.toCsr(data.numLabels());
            String predFile = "predictions-" + key.replaceAll("[^A-Za-z0-9=.,_-]", "_") + ".npz";
            Npz.write(pred, dir.resolve(predFile), true);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("query", q);
            r.put("query_key", key);
            Map<String, Object> p = predict.json();
            if (external != null) {
                p.put("cpu_s", null);
                p.put("timed_by", "external program (its timings.json)");
            }
            p.put("queries", queries.size());
            p.put("throughput_qps", queries.size() / Math.max(predict.wallSeconds(), 1e-9));
            r.put("predict", p);
            r.put("latency", latency);
            java.util.List<org.xmcbench.core.metrics.MetricReport.PrecisionCoveragePoint> validationCurve = null;
            if (validation != null) {
                stage("validate " + key);
                TopK vTop = method.predict(model, new Queries(validation.features(), validation.texts()), spec.k(),
                        qp, ctx);
                validationCurve = Scoring.validationCurve(validation, vTop.toCsr(data.numLabels()));
            }
            Scoring.Scored scored = Scoring.score(data, pred, validationCurve, spec.k());
            r.put("metrics", scored.metrics());
            r.put("precision_coverage", scored.curve());
            r.put("decile_contribution", scored.decileRecord());
            r.put("predictions", predFile);
            results.add(r);
        }
        stage("done");
        out.put("status", "success");
        out.put("stage", "done");
        out.put("reason", null);
        out.putAll(RunRecord.header(spec, method));
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("load", load.json());
        if (fit != null) {
            Map<String, Object> f = fit.json();
            f.put("load_1m", fitLoad);
            Map<String, Object> phases = new LinkedHashMap<>();
            ctx.phases().forEach((name, t) -> phases.put(name, new Timed(t.wallSeconds(), t.cpuSeconds()).json()));
            f.put("phases", phases);
            timings.put("fit", f);
        }
        timings.put("model_load_s", modelLoad);
        out.put("resolved_fit_params", fitParams.values());
        if (!ctx.records().isEmpty()) {
            out.put("fit_info", ctx.records());
        }
        out.put("timings", timings);
        out.put("model_size_bytes", modelBytes);
        out.put("memory", memory());
        out.put("results", results);
        out.put("dataset_sha256", data.fileSha256());
        if (validation != null) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("fraction", spec.validation());
            v.put("rows", validation.size());
            v.put("train_rows", fitData.trainLabels().rows());
            v.put("drawn_with_seed", spec.seed());
            out.put("validation", v);
        }
        out.put("propensity", Map.of("A", data.propensityA() == null ? 0.55 : data.propensityA(),
                "B", data.propensityB() == null ? 1.5 : data.propensityB()));
        out.put("device", device.name().toLowerCase(java.util.Locale.ROOT));
        out.put("provenance", Provenance.ofRun(spec, dir));
        out.put("started_at", started.toString());
        out.put("finished_at", Instant.now().toString());
        return end.success(out);
    }

    /** A method's epochs/batches as a progress bar in the run's worker.log. */
    private static RunContext.Progress progressBar(String task, long total) {
        me.tongfei.progressbar.ProgressBar bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName(task)
                .setInitialMax(total).setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        return new RunContext.Progress() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /**
     * Single-query latency: a fixed, seeded sample of test queries, each predicted alone (batch 1) after
     * {@value #LATENCY_WARMUP} warm-up queries; percentiles by the nearest-rank method.
     */
    private Map<String, Object> latency(MethodStrategy method, TrainedModel model, Queries queries, Params qp,
            RunContext ctx) throws Exception {
        int n = queries.size();
        int sample = Math.min(spec.latencySample(), n);
        int[] rows = new SplittableRandom(spec.seed()).ints(0, n).distinct().limit(sample).toArray();
        MachineLoad load = MachineLoad.begin();
        for (int i = 0; i < Math.min(LATENCY_WARMUP, rows.length); i++) {
            method.predict(model, queries.slice(rows[i], rows[i] + 1), spec.k(), qp, ctx);
        }
        double[] ms = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Queries one = queries.slice(rows[i], rows[i] + 1);
            long t0 = System.nanoTime();
            method.predict(model, one, spec.k(), qp, ctx);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double total = Arrays.stream(ms).sum() / 1000;
        Arrays.sort(ms);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_s", total);
        m.put("estimator", "nearest-rank");
        m.put("batch", 1);
        m.put("sample", rows.length);
        m.put("warmup", Math.min(LATENCY_WARMUP, rows.length));
        m.put("p50_ms", nearestRank(ms, 0.50));
        m.put("p90_ms", nearestRank(ms, 0.90));
        m.put("p99_ms", nearestRank(ms, 0.99));
        m.put("p99.9_ms", nearestRank(ms, 0.999));
        m.put("load_1m", load.json());
        return m;
    }

    /** The smallest value with at least a share p of the sample at or below it. */
    static Double nearestRank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Map<String, Object> memory() {
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peak_heap_bytes", peakHeap);
        m.put("peak_rss_bytes", peakRss());
        m.put("heap_limit_bytes", Runtime.getRuntime().maxMemory());
        m.put("gpu_memory_bytes", null);
        return m;
    }

    static Long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return null;
    }

    static long folderSize(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
