package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.DatasetSample;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.layout.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xmc datasets sample}: writes a smaller dataset (see {@link DatasetSample}) as a folder, with
 * {@code sample.json} beside it saying where it came from. The bundled {@code debian-tags-mini} of the smoke suite
 * was written by it.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Write a smaller dataset: --train training and --test test rows, each drawn uniformly by --seed "
                + "and kept in source order (features, labels, texts, LF filter pairs), with the full label space, "
                + "label texts, vocabulary and propensity constants. For running methods end to end in minutes, "
                + "not for comparing them.",
            "sample.json in the output folder records the source, its files' SHA-256, the seed and the source row ids."})
final class DatasetsSampleCommand implements Callable<Integer> {
    static final String RECORD = "sample.json";

    @Parameters(paramLabel = "SOURCE", description = "a catalog name or a dataset folder")
    String source;

    @Option(names = "--train", required = true, paramLabel = "N", description = "training rows to draw")
    int trainRows;

    @Option(names = "--test", required = true, paramLabel = "M", description = "test rows to draw")
    int testRows;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder, which must not hold anything yet; "
            + "its name is the sample's dataset name (default: SOURCE-sample-N-M, and -seedS for a seed other than "
            + "0, in the working directory)")
    Path out;

    @Option(names = "--force", description = "use a catalogued dataset even if its statistics disagree")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static Path defaultFolder(String sourceName, int train, int test, long seed) {
        return Path.of(sourceName + "-sample-" + train + "-" + test + (seed == 0 ? "" : "-seed" + seed));
    }

    @Override
    public Integer call() throws Exception {
        if (trainRows < 1 || testRows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--train and --test must be at least 1, got " + trainRows + " and " + testRows);
        }
        DatasetArguments.requireKnown(spec.commandLine(), source);
        XmcDataset d = DatasetResolver.standard().load(source, null, force);
        Path dir = out != null ? out : defaultFolder(d.name(), trainRows, testRows, seed);
        DerivedDatasetFolder.requireEmpty(dir);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        DatasetSample sample = DatasetSample.draw(d, trainRows, testRows, seed, name);
        Layout layout = DerivedDatasetFolder.write(sample.data(), dir, List.of(), RECORD, record(d, sample, seed));
        System.out.println("wrote " + name + ": " + trainRows + " training and " + testRows + " test rows of "
                + d.name() + " (seed " + seed + "), " + d.numLabels() + " labels, " + layout + " layout, to " + dir);
        return 0;
    }

    /** Where the sample came from: enough to draw it again and to tell which source files it was drawn from. */
    private static Map<String, Object> record(XmcDataset source, DatasetSample sample, long seed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", source.name());
        r.put("source_files_sha256", source.fileSha256());
        r.put("seed", seed);
        r.put("train_rows", sample.trainRows());
        r.put("test_rows", sample.testRows());
        return r;
    }
}
