package org.xmcbench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.xmcbench.cli.run.Methods;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xmc methods [ID]}: the installed methods, or one method's parameters and presets. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = {"Without ID: the installed methods with their paper and the inputs they read.",
            "With ID: that method's fit parameters (xmc run --set), query parameters (xmc run --query), each with "
                + "type, default and help, and its presets (--set preset=NAME) with their values."})
final class MethodsCommand implements Callable<Integer> {
    /** The list's name and paper are cut to these widths to fit a terminal; `xmc methods ID` prints both whole. */
    private static final int NAME_WIDTH = 40;
    private static final int PAPER_WIDTH = 50;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "a method id, e.g. xr-linear")
    String id;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (id == null) {
            System.out.print(list(Methods.installed()));
            System.out.println("details of one: xmc methods ID");
            return 0;
        }
        MethodArguments.requireKnown(spec.commandLine(), id);
        System.out.print(describe(Methods.get(id)));
        return 0;
    }

    static String list(Map<String, MethodStrategy> methods) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "name", "paper", "year", "inputs", "GPU"});
        methods.forEach((methodId, m) -> {
            MethodDescriptor d = m.descriptor();
            rows.add(new String[] {methodId, cut(d.name(), NAME_WIDTH), cut(d.paper(), PAPER_WIDTH),
                d.year() > 0 ? "" + d.year() : "-", inputs(d), d.usesGpu() ? "yes" : "no"});
        });
        return TextTable.render(rows);
    }

    static String describe(MethodStrategy m) {
        MethodDescriptor d = m.descriptor();
        StringBuilder b = new StringBuilder();
        b.append(m.id()).append(": ").append(d.name()).append('\n');
        b.append("paper: ").append(d.paper()).append(d.year() > 0 ? " (" + d.year() + ")" : "").append('\n');
        b.append("reads: ").append(inputs(d)).append("; GPU: ").append(d.usesGpu() ? "used when present" : "no")
                .append("; same seed, same result: ").append(d.deterministicWithSeed() ? "yes" : "no").append("\n\n");
        b.append("fit parameters (xmc run --set NAME=VALUE):\n").append(params(m.fitParams())).append('\n');
        b.append("query parameters (xmc run --query NAME=V1,V2):\n").append(params(m.queryParams()));
        Map<String, Map<String, String>> presets = m.presets();
        if (!presets.isEmpty()) {
            b.append("\npresets (xmc run --set ").append(Presets.KEY)
                    .append("=NAME; a parameter given with --set overrides the preset's):\n");
            new java.util.TreeMap<>(presets).forEach((name, values) -> b.append("  ").append(name).append(": ")
                    .append(values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "))).append('\n'));
        }
        return b.toString();
    }

    private static String params(ParamSpec spec) {
        if (spec.params().isEmpty()) {
            return "  (none)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  name", "type", "default", "help"});
        for (ParamSpec.Param p : spec.params().values()) {
            rows.add(new String[] {"  " + p.name(), p.type().name().toLowerCase(Locale.ROOT), p.defaultValue(),
                p.description()});
        }
        return TextTable.render(rows);
    }

    private static String inputs(MethodDescriptor d) {
        return d.inputs().stream().sorted().map(i -> i.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
