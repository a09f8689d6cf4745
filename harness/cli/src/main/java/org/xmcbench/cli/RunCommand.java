package org.xmcbench.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xmcbench.cli.docker.ContainerSettings;
import org.xmcbench.cli.docker.DockerBackend;
import org.xmcbench.cli.report.RunHeadline;
import org.xmcbench.cli.slurm.SlurmSubmitter;
import org.xmcbench.cli.run.Methods;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunLauncher;
import org.xmcbench.cli.run.RunRecord;
import org.xmcbench.cli.run.RunSpec;
import org.xmcbench.cli.run.Suite;
import org.xmcbench.cli.run.SuiteEnsembles;
import org.xmcbench.cli.run.SuiteEta;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.datasets.catalog.DataHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xmc run}: one run, or a suite, each in its own JVM. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit a method on a dataset and evaluate it, in a child JVM with a heap limit and a timeout. "
                + "A run whose configuration already has a successful run.json is skipped (use --force).",
            "Results: DIR/runs/<dataset>/<method>/<config hash>/run.json plus predictions as scipy .npz."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--method", description = "method id (installed: prior, tfidf-knn, ...)")
    String method;

    @Option(names = "--dataset", description = "catalog name or dataset folder")
    String dataset;

    @Option(names = "--suite", paramLabel = "FILE.yaml", description = "run a suite instead of one run")
    Path suite;

    @Option(names = "--set", paramLabel = "key=value", description = "fit parameter (repeatable)")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--query", paramLabel = "key=v1,v2", description = "query parameter values (repeatable)")
    Map<String, String> query = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--k", defaultValue = "10", description = "predictions kept per query, 1 to " + OptionChecks.MAX_K
            + " (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--out", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--backend", defaultValue = "local", description = "local (default: a child JVM on this machine), "
            + "docker (the worker in a container of --image, at DOCKER_HOST) or slurm (a suite as a Slurm job array; "
            + "returns after submission: see xmc status / xmc cancel)")
    String backend;

    @CommandLine.Mixin
    ContainerOptions container = new ContainerOptions();

    @CommandLine.Mixin
    SlurmOptions slurm = new SlurmOptions();

    @Option(names = "--timeout", defaultValue = "30m",
            description = "per-run timeout, positive, e.g. 90s, 10m (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--memory", defaultValue = "4g", description = "per-run heap limit, a JVM heap size of at least "
            + (OptionChecks.MIN_HEAP_BYTES >> 20) + "m, e.g. 512m, 8g (default: ${DEFAULT-VALUE})")
    String memory;

    @Option(names = "--validation", paramLabel = "FRACTION", description = "hold this share of the training rows "
            + "out of the fit and choose the coverage thresholds on them (e.g. 0.05; overrides a suite's 'validation')")
    Double validation;

    @Option(names = "--model", paramLabel = "DIR", description = "load this saved model instead of fitting")
    Path model;

    @Option(names = "--force", description = "re-run even when a successful record exists")
    boolean force;

    @Option(names = "--resume", description = "continue a killed suite: also skip runs already recorded as failed")
    boolean resume;

    @Option(names = "--json", description = "print the run records as JSON lines")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Seconds a run spent inside the method: fit, whole-test-set predict, and the batch-1 latency queries. */
    @SuppressWarnings("unchecked")
    static double methodSeconds(Map<String, Object> rec) {
        double s = 0;
        Map<String, Object> timings = (Map<String, Object>) rec.get("timings");
        Map<String, Object> fit = (Map<String, Object>) timings.get("fit");
        if (fit != null) {
            s += ((Number) fit.get("wall_s")).doubleValue();
        }
        for (Map<String, Object> r : (List<Map<String, Object>>) rec.get("results")) {
            s += ((Number) ((Map<String, Object>) r.get("predict")).get("wall_s")).doubleValue();
            Object lat = ((Map<String, Object>) r.get("latency")).get("total_s");
            s += lat instanceof Number n ? n.doubleValue() : 0;
        }
        return s;
    }

    /**
     * A suite file that does not load (syntax, an unknown key, method or dataset, a bad value) is a usage error
     * (exit 2) naming the file and line, before any worker starts or any run folder is made.
     */
    private Suite loadSuite() throws java.io.IOException {
        try {
            Suite s = Suite.load(suite);
            requireRunnable(s);
            requireKnownDatasets(s);
            return s;
        } catch (org.xmcbench.core.io.DataFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no suite file " + suite);
        }
    }

    /** Each of a suite's datasets is a catalog name or a folder, as {@code --dataset} must be. */
    private void requireKnownDatasets(Suite s) throws java.io.IOException {
        org.xmcbench.datasets.catalog.Catalog catalog =
                org.xmcbench.datasets.catalog.DatasetResolver.standard().catalog();
        for (int i = 0; i < s.datasets().size(); i++) {
            String why = DatasetArguments.whyUnknown(catalog, s.datasets().get(i));
            if (why != null) {
                throw new org.xmcbench.core.io.DataFormatException(suite, "line " + Suite.line(suite, "datasets", i),
                        why);
            }
        }
    }

    /** The suite's k, timeout and memory pass the checks their options do; an error names the suite file. */
    private void requireRunnable(Suite s) {
        try {
            OptionChecks.k("k", s.kOrDefault());
            if (s.timeout() != null) {
                OptionChecks.duration("timeout", s.timeout());
            }
            if (s.memory() != null) {
                OptionChecks.heap("memory", s.memory());
            }
        } catch (IllegalArgumentException e) {
            throw new org.xmcbench.core.io.DataFormatException(suite, "", e.getMessage(), e);
        }
    }

    /**
     * A mistyped method or dataset is a usage error (exit 2) with the nearest known name, before any worker starts:
     * a dataset is a catalog name or an existing folder.
     */
    private void requireKnownNames() throws java.io.IOException {
        MethodArguments.requireKnown(spec.commandLine(), method);
        DatasetArguments.requireKnown(spec.commandLine(), dataset);
    }

    /** Fails before any run starts when a dataset is not on this machine or a GPU is required but absent. */
    private static void requireInputs(Suite s, boolean gpuHere) throws Exception {
        org.xmcbench.datasets.catalog.DatasetResolver resolver = org.xmcbench.datasets.catalog.DatasetResolver.standard();
        for (String d : s.datasets()) {
            resolver.locate(d);
        }
        // A Slurm suite's GPUs are on the compute nodes, not on the machine that submits it.
        if (gpuHere && s.requires() != null && s.requires().contains("gpu") && Provenance.gpu() == null) {
            throw new IllegalStateException("suite '" + s.name() + "' requires a GPU and none was found (nvidia-smi)");
        }
    }

    /** Submits the suite's runs without a successful record as one job array, prints the job id, returns. */
    private int submitToSlurm(List<RunSpec> specs, Suite suite, Duration limit, String heap,
            ContainerSettings inContainer) throws Exception {
        SlurmSubmitter.Submitted s = new SlurmSubmitter(out, limit, heap, inContainer, slurm.resolve(suite, heap, limit))
                .submit(suite.name(), specs, force);
        if (s.submission() == null) {
            System.out.println("nothing to submit: every run of suite '" + suite.name() + "' has a successful record"
                    + (s.alreadyQueued() > 0 ? " or is queued (" + s.alreadyQueued() + ")" : "") + " in " + out);
            return 0;
        }
        System.out.println("submitted Slurm job " + s.submission().jobId() + ": " + s.submission().runs().size()
                + " runs of suite '" + suite.name() + "' (" + s.skippedDone() + " already done, " + s.alreadyQueued()
                + " still queued from an earlier submission)");
        System.out.println("follow it with: xmc status " + out + "    cancel with: xmc cancel " + out);
        if (!suite.ensemblesOrEmpty().isEmpty()) {
            System.out.println("ensembles: once the runs are done, run the suite again without --backend slurm: every "
                    + "run is then skipped as done and the ensembles are combined");
        }
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("local", "docker", "slurm").contains(backend)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "backend '" + backend
                    + "' is not available in this build (local, docker, slurm)");
        }
        if ("slurm".equals(backend) && suite == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--backend slurm submits a suite: give --suite");
        }
        try {
            slurm.validate();
            OptionChecks.k("--k", k);
            OptionChecks.duration("--timeout", timeout);
            OptionChecks.heap("--memory", memory);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // What this harness knows; each worker measures its own machine where it runs (provenance.measured).
        Map<String, Object> provenance = Provenance.configured(DataHome.home(), backend);
        List<RunSpec> specs;
        Duration limit;
        String heap;
        Suite loadedSuite = null;
        if (suite != null) {
            Suite s = loadSuite();
            loadedSuite = s;
            requireInputs(s, !"slurm".equals(backend));
            specs = validation == null ? s.expand(provenance)
                    : s.expand(provenance).stream().map(r -> r.withValidation(validation)).toList();
            limit = RunLauncher.parseDuration(s.timeout() != null ? s.timeout() : timeout);
            heap = s.memory() != null ? s.memory() : memory;
        } else {
            if (method == null || dataset == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --method and --dataset, or --suite");
            }
            requireKnownNames();
            MethodStrategy m = Methods.get(method);
            m.fitParams().resolve(org.xmcbench.core.api.Presets.expand(m, set));
            Map<String, List<String>> grid = new LinkedHashMap<>();
            query.forEach((key, v) -> grid.put(key, List.of(v.split(","))));
            List<Map<String, String>> qs = Suite.combinations(grid);
            qs.forEach(q -> m.queryParams().resolve(q));
            specs = List.of(new RunSpec(method, dataset, set, qs, seed, k, 200,
                    model == null ? null : model.toAbsolutePath().toString(), provenance).withValidation(validation));
            limit = RunLauncher.parseDuration(timeout);
            heap = memory;
        }
        ContainerSettings inContainer = "docker".equals(backend) || "slurm".equals(backend) && slurm.containerized(loadedSuite)
                ? container.settings(loadedSuite == null ? null : loadedSuite.container(), heap) : null;
        if ("slurm".equals(backend)) {
            return submitToSlurm(specs, loadedSuite, limit, heap, inContainer);
        }
        // A SIGTERM or SIGINT from here on is named in the failed record of the run it interrupts.
        org.xmcbench.cli.run.HarnessSignals.install();
        RunLauncher launcher = new RunLauncher(out, limit, heap, inContainer != null
                ? DockerBackend.open(inContainer, heap) : new org.xmcbench.cli.run.LocalBackend(heap));
        // One run shows its worker's stages and progress as they happen (on stderr: stdout stays the records);
        // a suite shows one bar over its runs, each run's log staying in its folder.
        boolean single = loadedSuite == null;
        if (single) {
            launcher.followWorkerLogs(System.err);
        }
        long suiteStart = System.nanoTime();
        double methodSeconds = 0;
        int executed = 0;
        int failed = 0;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"dataset", "method", "config", "outcome", "wall s", "detail"});
        RunLauncher.Result last = null;
        SuiteEta eta = single ? null : suiteEta(specs, launcher, loadedSuite);
        if (eta != null) {
            System.err.println("suite " + loadedSuite.name() + ": " + specs.size() + " runs" + eta.remaining()
                    .map(d -> ", about " + RunLauncher.human(d) + " expected").orElse("") + " (progress below)");
        }
        try (ProgressBar bar = single ? null : new ProgressBarBuilder().setTaskName("suite").setInitialMax(specs.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setEtaFunction(state -> eta.remaining()).build()) {
            for (int i = 0; i < specs.size(); i++) {
                RunSpec s = specs.get(i);
                if (bar != null) {
                    bar.setExtraMessage(s.method() + " on " + s.dataset());
                    eta.started(i);
                }
                RunLauncher.Result r = launcher.launch(s, force, resume);
                if (eta != null && r.outcome() == RunLauncher.Outcome.SKIPPED) {
                    eta.skipped(i);
                } else if (eta != null) {
                    eta.finished(i, r.wallSeconds());
                }
                last = r;
                failed += r.outcome() == RunLauncher.Outcome.FAILED ? 1 : 0;
                if (r.outcome() == RunLauncher.Outcome.SUCCESS) {
                    executed++;
                    methodSeconds += methodSeconds(RunRecord.read(r.dir()));
                } else if (r.outcome() == RunLauncher.Outcome.FAILED) {
                    executed++;
                }
                rows.add(new String[] {s.dataset(), s.method(), r.dir().getFileName().toString(),
                    r.outcome().name().toLowerCase(),
                    String.format(java.util.Locale.ROOT, "%.1f", r.wallSeconds()),
                    r.reason() == null ? "" : r.reason()});
                // A run skipped as already done prints the record it has; one busy elsewhere has none yet.
                if (json && RunRecord.status(r.dir()) != null) {
                    System.out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(RunRecord.read(r.dir())));
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        if (loadedSuite != null) {
            for (SuiteEnsembles.Outcome o : SuiteEnsembles.run(loadedSuite, out, provenance)) {
                failed += o.success() ? 0 : 1;
                rows.add(new String[] {o.dataset(), o.name(), o.dir().getFileName().toString(),
                    o.success() ? "success" : "failed", "-", o.reason() == null ? "ensemble" : o.reason()});
            }
        }
        double wall = (System.nanoTime() - suiteStart) / 1e9;
        if (!json) {
            System.out.print(TextTable.render(rows));
            if (executed > 0) {
                System.out.printf(java.util.Locale.ROOT, "suite wall %.1f s, of which methods' fit + predict %.1f s: "
                        + "harness overhead %.1f%%%n", wall, methodSeconds, 100 * (1 - methodSeconds / wall));
            }
            System.out.println("results in " + out.toAbsolutePath().resolve("runs"));
            if (single && "success".equals(RunRecord.status(last.dir()))) {
                System.out.print("\n" + RunHeadline.of(last.dir()));
            } else if (single && last.outcome() == RunLauncher.Outcome.FAILED) {
                System.out.println("the worker's log: " + last.dir().resolve("worker.log"));
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** The suite bar's estimate of the time left: see {@link SuiteEta}. */
    private SuiteEta suiteEta(List<RunSpec> specs, RunLauncher launcher, Suite suite) {
        double[] known = new double[specs.size()];
        for (int i = 0; i < known.length; i++) {
            known[i] = SuiteEta.fromRecord(launcher.runDir(specs.get(i)), force);
        }
        Double hint = suite == null || suite.expectedMinutes() == null ? null : suite.expectedMinutes() * 60;
        return new SuiteEta(known, hint);
    }
}
