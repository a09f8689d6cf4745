package org.xmcbench.cli.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.cli.slurm.SlurmResources;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.io.DataFormatException;

/**
 * A suite file: a grid of methods x datasets x seeds x fit-parameter values, each run evaluated at every
 * combination of its query-parameter values. {@code methods: all} means every installed method
 * but {@code external}. {@code validation: 0.05} holds that share of each dataset's training rows out of every
 * run, to choose decision thresholds on (coverage at a target precision). {@code expected_minutes} is how long the
 * whole suite took where it was measured (say where in a comment): the progress bar's estimate of the time left
 * starts from it until runs of this machine tell better (see {@link SuiteEta}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Suite(
        @JsonProperty("name") String name,
        @JsonProperty("datasets") List<String> datasets,
        @JsonProperty("methods") Object methods,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty("k") Integer k,
        @JsonProperty("timeout") String timeout,
        @JsonProperty("memory") String memory,
        @JsonProperty("latency_sample") Integer latencySample,
        @JsonProperty("validation") Double validation,
        @JsonProperty("requires") List<String> requires,
        @JsonProperty("ensembles") List<EnsembleEntry> ensembles,
        @JsonProperty("container") ContainerEntry container,
        @JsonProperty("slurm") SlurmEntry slurm,
        @JsonProperty("expected_minutes") Double expectedMinutes) {

    /**
     * What each run asks of Slurm with {@code --backend slurm}: partition, account, QOS, CPUs, memory, GPUs, time
     * limit, at most how many runs at once, raw {@code sbatch} options, and whether each run's worker goes into the
     * container backend on its node. The command line's options override each value. Text values must consist of
     * {@link SlurmResources#SAFE_CHARACTERS} (they go into the job script's {@code #SBATCH} lines).
     */
    public record SlurmEntry(@JsonProperty("partition") String partition, @JsonProperty("account") String account,
                             @JsonProperty("qos") String qos, @JsonProperty("cpus") Integer cpus,
                             @JsonProperty("memory") String memory, @JsonProperty("gpus") Integer gpus,
                             @JsonProperty("time") String time, @JsonProperty("max_parallel") Integer maxParallel,
                             @JsonProperty("options") List<String> options,
                             @JsonProperty("container") Boolean container) {
        /** Refuses a value that could not go into the job script's {@code #SBATCH} lines, naming its key. */
        void validate(Path file) {
            try {
                SlurmResources.requireSafe("slurm.partition", partition);
                SlurmResources.requireSafe("slurm.account", account);
                SlurmResources.requireSafe("slurm.qos", qos);
                if (options != null) {
                    options.forEach(o -> SlurmResources.requireOption("slurm.options", o));
                }
                if (memory != null) {
                    org.xmcbench.cli.docker.ContainerSettings.parseBytes(memory);
                }
                if (time != null) {
                    RunLauncher.parseDuration(time);
                }
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file, "slurm", e.getMessage(), e);
            }
        }
    }

    /**
     * The container every run of the suite uses with {@code --backend docker}: image (pinned by digest), CPU set,
     * memory limit and GPUs. The command line's options override each value.
     */
    public record ContainerEntry(@JsonProperty("image") String image, @JsonProperty("cpuset") String cpuset,
                                 @JsonProperty("memory") String memory, @JsonProperty("gpus") String gpus) {}

    /**
     * An ensemble of runs of this suite (e.g. a paper's three encoders per dataset), combined by one of PECOS's
     * rules after the runs and scored as a row of its own named {@code name}.
     */
    public record EnsembleEntry(@JsonProperty("name") String name, @JsonProperty("datasets") List<String> datasets,
                                @JsonProperty("rule") String rule, @JsonProperty("members") List<Member> members) {
        boolean runsOn(String dataset) {
            return datasets == null || datasets.contains(dataset);
        }
    }

    /** One member of an ensemble: a method and its fit parameters exactly as a run of the suite has them. */
    public record Member(@JsonProperty("method") String method, @JsonProperty("set") Map<String, String> set) {
        public Map<String, String> setOrEmpty() {
            return set == null ? Map.of() : set;
        }
    }

    /** One method of a suite: its fit and query grids, and the datasets it runs on (null: all of the suite's). */
    public record MethodEntry(String id, Map<String, List<String>> set, Map<String, List<String>> query,
                              List<String> datasets) {
        boolean runsOn(String dataset) {
            return datasets == null || datasets.contains(dataset);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Suite load(Path file) throws IOException {
        YamlTree tree = YamlTree.read(file);
        SuiteKeys.check(tree);
        try {
            Suite s = tree.root() == null ? null : YAML.readValue(file.toFile(), Suite.class);
            if (s == null || s.datasets() == null || s.datasets().isEmpty() || s.methods() == null) {
                throw new DataFormatException(file, "", "a suite needs 'datasets' and 'methods'");
            }
            if (s.validation() != null && !(s.validation() > 0 && s.validation() < 1)) {
                throw new DataFormatException(file, "validation", "must be a fraction in (0, 1) of the training "
                        + "rows, got " + s.validation());
            }
            if (s.expectedMinutes() != null && !(s.expectedMinutes() > 0)) {
                throw new DataFormatException(file, "expected_minutes", "must be a positive number of minutes, got "
                        + s.expectedMinutes());
            }
            if (s.slurm() != null) {
                s.slurm().validate(file);
            }
            s.requireInstalledMethods(tree);
            try {
                s.methodEntries(Methods.installed());
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file, "methods", e.getMessage(), e);
            }
            s.requireKnownParams(tree);
            for (int i = 0; i < s.ensemblesOrEmpty().size(); i++) {
                try {
                    s.check(s.ensemblesOrEmpty().get(i));
                } catch (IllegalArgumentException ex) {
                    throw new DataFormatException(file, "line " + tree.line("ensembles", i) + ": ensembles",
                            ex.getMessage(), ex);
                }
            }
            return s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(file, e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr(),
                    e.getOriginalMessage(), e);
        }
    }

    /** A method entry or ensemble member naming a method that is not installed: its line and the nearest id. */
    private void requireInstalledMethods(YamlTree tree) {
        Map<String, MethodStrategy> installed = Methods.installed();
        if (methods instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object id = list.get(i) instanceof Map<?, ?> m ? m.get("id") : list.get(i);
                if (id != null && !installed.containsKey(String.valueOf(id))) {
                    throw new DataFormatException(tree.file(), "line " + tree.line("methods", i),
                            Methods.unknown(String.valueOf(id)));
                }
            }
        }
        for (int i = 0; i < ensemblesOrEmpty().size(); i++) {
            List<Member> members = ensemblesOrEmpty().get(i).members() == null ? List.of()
                    : ensemblesOrEmpty().get(i).members();
            for (int j = 0; j < members.size(); j++) {
                String id = members.get(j).method();
                if (id != null && !installed.containsKey(id)) {
                    throw new DataFormatException(tree.file(), "line " + tree.line("ensembles", i, "members", j),
                            "ensemble '" + ensemblesOrEmpty().get(i).name() + "': " + Methods.unknown(id));
                }
            }
        }
    }

    /**
     * Every fit and query setting of a method entry is one its method takes, with a value of the right type: a typo
     * such as {@code stpes} is refused at its line before any run starts, not by each worker.
     */
    private void requireKnownParams(YamlTree tree) {
        if (!(methods instanceof List<?>)) {
            return; // 'all': every method at its defaults
        }
        List<MethodEntry> entries = methodEntries(Methods.installed());
        for (int i = 0; i < entries.size(); i++) {
            MethodEntry e = entries.get(i);
            MethodStrategy m = Methods.get(e.id());
            check(tree, i, "set", e, m.fitParams(), e.set().keySet(), () -> combinations(e.set())
                    .forEach(fit -> m.fitParams().resolve(org.xmcbench.core.api.Presets.expand(m, fit))));
            check(tree, i, "query", e, m.queryParams(), e.query().keySet(), () -> combinations(e.query())
                    .forEach(q -> m.queryParams().resolve(q)));
        }
    }

    private static void check(YamlTree tree, int entry, String section, MethodEntry e,
            org.xmcbench.core.api.ParamSpec spec, java.util.Set<String> given, Runnable resolve) {
        List<String> known = new ArrayList<>(spec.params().keySet());
        if (section.equals("set")) {
            known.add(org.xmcbench.core.api.Presets.KEY);
        }
        for (String k : given) {
            if (!known.contains(k)) {
                throw new DataFormatException(tree.file(), "line " + tree.line("methods", entry, section, k),
                        "method '" + e.id() + "' has no " + (section.equals("set") ? "fit" : "query") + " parameter '"
                        + k + "'" + org.xmcbench.cli.Suggestions.didYouMean(k, known) + "; known: "
                        + String.join(", ", known) + " (`xmc methods " + e.id() + "` describes them)");
            }
        }
        try {
            resolve.run();
        } catch (IllegalArgumentException ex) {
            throw new DataFormatException(tree.file(), "line " + tree.line("methods", entry, section),
                    "method '" + e.id() + "': " + ex.getMessage(), ex);
        }
    }

    /** The line of a suite file's node at a path of keys and list positions, e.g. ("datasets", 2): for errors. */
    public static int line(Path file, Object... path) throws IOException {
        return YamlTree.read(file).line(path);
    }

    public List<EnsembleEntry> ensemblesOrEmpty() {
        return ensembles == null ? List.of() : ensembles;
    }

    private void check(EnsembleEntry e) {
        if (e.name() == null || !e.name().matches("[A-Za-z0-9._+-]+")) {
            throw new IllegalArgumentException("an ensemble needs a 'name' of letters, digits and ._+- (got "
                    + e.name() + ")");
        }
        if (e.rule() == null) {
            throw new IllegalArgumentException("ensemble '" + e.name() + "' needs a 'rule'");
        }
        org.xmcbench.core.ensemble.Ensembler.Rule.parse(e.rule());
        if (e.members() == null || e.members().size() < 2) {
            throw new IllegalArgumentException("ensemble '" + e.name() + "' needs at least 2 members");
        }
        for (Member m : e.members()) {
            if (m.method() == null) { // an uninstalled one is refused at its line by requireInstalledMethods
                throw new IllegalArgumentException("ensemble '" + e.name() + "' has a member without a 'method'");
            }
        }
        if (e.datasets() != null) {
            for (String d : e.datasets()) {
                if (!datasets.contains(d)) {
                    throw new IllegalArgumentException("ensemble '" + e.name() + "' lists dataset '" + d
                            + "', which is not among the suite's datasets " + datasets);
                }
            }
        }
    }

    public int kOrDefault() {
        return k == null ? 10 : k;
    }

    public String timeoutOrDefault() {
        return timeout == null ? "30m" : timeout;
    }

    public String memoryOrDefault() {
        return memory == null ? "4g" : memory;
    }

    /** The method entries, with {@code all} expanded to the installed methods. */
    public List<MethodEntry> methodEntries(Map<String, MethodStrategy> installed) {
        List<MethodEntry> out = new ArrayList<>();
        if ("all".equals(methods)) {
            // `external` runs a program named by its fit parameters: there is nothing to run without them.
            installed.keySet().stream().filter(id -> !id.equals("external"))
                    .forEach(id -> out.add(new MethodEntry(id, Map.of(), Map.of(), null)));
            return out;
        }
        if (!(methods instanceof List<?> list)) {
            throw new IllegalArgumentException("'methods' must be 'all' or a list of {id, set, query, datasets}");
        }
        for (Object o : list) {
            if (o instanceof String id) {
                out.add(new MethodEntry(id, Map.of(), Map.of(), null));
            } else if (o instanceof Map<?, ?> m) {
                Object id = m.get("id");
                if (id == null) {
                    throw new IllegalArgumentException("a method entry needs an 'id': " + m);
                }
                Object ds = m.get("datasets");
                if (ds != null && !(ds instanceof List<?>)) {
                    throw new IllegalArgumentException("'datasets' of method '" + id + "' must be a list");
                }
                if (ds != null) {
                    for (Object d : (List<?>) ds) {
                        if (!datasets.contains(String.valueOf(d))) {
                            throw new IllegalArgumentException("method '" + id + "' lists dataset '" + d
                                    + "', which is not among the suite's datasets " + datasets);
                        }
                    }
                }
                out.add(new MethodEntry(id.toString(), grid(m.get("set")), grid(m.get("query")),
                        ds == null ? null : ((List<?>) ds).stream().map(String::valueOf).toList()));
            } else {
                throw new IllegalArgumentException("bad method entry " + o);
            }
        }
        for (MethodEntry e : out) {
            if (!installed.containsKey(e.id())) {
                throw new IllegalArgumentException("suite names method '" + e.id() + "', which is not installed "
                        + installed.keySet());
            }
        }
        return out;
    }

    private static Map<String, List<String>> grid(Object o) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> g.put(k.toString(), v instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(v))));
        }
        return g;
    }

    /** Every combination of a parameter grid (one empty map for an empty grid), in a stable order. */
    public static List<Map<String, String>> combinations(Map<String, List<String>> grid) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    public List<RunSpec> expand(Map<String, Object> provenance) {
        List<RunSpec> specs = new ArrayList<>();
        List<Long> s = seeds == null || seeds.isEmpty() ? List.of(0L) : seeds;
        for (String d : datasets) {
            for (MethodEntry m : methodEntries(Methods.installed())) {
                if (!m.runsOn(d)) {
                    continue;
                }
                for (long seed : s) {
                    for (Map<String, String> fit : combinations(m.set())) {
                        specs.add(new RunSpec(m.id(), d, fit, combinations(m.query()), seed, kOrDefault(),
                                latencySample == null ? 200 : latencySample, null, provenance)
                                .withValidation(validation));
                    }
                }
            }
        }
        return specs;
    }
}
