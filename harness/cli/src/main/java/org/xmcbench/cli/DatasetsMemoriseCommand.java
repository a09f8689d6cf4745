package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.MemorisationSlice;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.layout.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xmc datasets memorise}: writes a memorisation slice (see {@link MemorisationSlice}) as a dataset folder
 * that {@code xmc run --dataset FOLDER} takes like any other, with {@code memorisation.json} beside it saying where
 * it came from.
 */
@Command(name = "memorise", aliases = "memorize", mixinStandardHelpOptions = true,
        description = {"Write a memorisation slice: N training rows (drawn by --seed among those with a label) as both "
                + "the train and the test split (features, labels, texts, the rows' own LF filter pairs), with the "
                + "full label space, label texts and propensity constants. A method that cannot reach near-perfect "
                + "precision on it has a bug, not a small budget.",
            "Run it with: xmc run --method M --dataset DIR. memorisation.json in DIR records the source, rows, seed "
                + "and source row ids."})
final class DatasetsMemoriseCommand implements Callable<Integer> {
    static final String RECORD = "memorisation.json";

    @Parameters(paramLabel = "SOURCE", description = "a catalog name or a dataset folder")
    String source;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "training rows to draw (1 to the "
            + "number of training rows with a label)")
    int rows;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder, which must not hold anything yet; "
            + "its name is the slice's dataset name (default: SOURCE-memorise-N, and -seedS for a seed other than 0, "
            + "in the working directory)")
    Path out;

    @Option(names = "--force", description = "use a catalogued dataset even if its statistics disagree")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The folder a slice goes to without --out: its name tells source, size and (when not 0) seed. */
    static Path defaultFolder(String sourceName, int rows, long seed) {
        return Path.of(sourceName + "-memorise-" + rows + (seed == 0 ? "" : "-seed" + seed));
    }

    @Override
    public Integer call() throws Exception {
        if (rows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rows must be at least 1, got " + rows);
        }
        DatasetArguments.requireKnown(spec.commandLine(), source);
        XmcDataset d = DatasetResolver.standard().load(source, null, force);
        Path dir = out != null ? out : defaultFolder(d.name(), rows, seed);
        DerivedDatasetFolder.requireEmpty(dir);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        MemorisationSlice slice = MemorisationSlice.draw(d, rows, seed, name);
        List<String> notes = new ArrayList<>();
        if (d.trainFilter() == null && d.testFilter() != null) {
            notes.add(d.name() + " has test filter pairs but no train filter pairs: the slice's queries have none");
        }
        Layout layout = DerivedDatasetFolder.write(slice.data(), dir, notes, RECORD, record(d, slice, seed));
        System.out.println("wrote " + name + ": " + rows + " training rows of " + d.name() + " (seed " + seed
                + ") as train and test, " + d.numLabels() + " labels, " + layout + " layout, to " + dir);
        System.out.println("check a method with: xmc run --method METHOD --dataset " + dir);
        return 0;
    }

    /** Where the slice came from: enough to draw it again and to tell which source files it was drawn from. */
    private static Map<String, Object> record(XmcDataset source, MemorisationSlice slice, long seed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", source.name());
        r.put("source_files_sha256", source.fileSha256());
        r.put("rows", slice.rows().length);
        r.put("seed", seed);
        r.put("train_rows", slice.rows());
        return r;
    }
}
