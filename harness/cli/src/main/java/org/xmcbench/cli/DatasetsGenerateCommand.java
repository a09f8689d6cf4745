package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.generate.SyntheticGenerator;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xmc datasets generate}: seeded synthetic data. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a deterministic synthetic dataset (power-law label frequencies, features, texts "
                + "and label texts). Presets: small, amazon-670k, amazon-3m.")
final class DatasetsGenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--preset", defaultValue = "small", description = "small | amazon-670k | amazon-3m (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--train", description = "train points (overrides the preset)")
    Integer train;

    @Option(names = "--test", description = "test points")
    Integer test;

    @Option(names = "--labels", description = "labels")
    Integer labels;

    @Option(names = "--features", description = "features")
    Integer features;

    @Option(names = "--labels-per-point", description = "average labels per point")
    Double labelsPerPoint;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--layout", defaultValue = "xc", description = "layout to write (default: ${DEFAULT-VALUE})")
    String layout;

    @Override
    public Integer call() throws Exception {
        SyntheticGenerator.Spec base = switch (preset) {
            case "small" -> SyntheticGenerator.Spec.small(seed);
            case "amazon-670k" -> new SyntheticGenerator.Spec(490_449, 153_025, 670_091, 135_909, 5.45, 40, 1.0, seed);
            case "amazon-3m" -> new SyntheticGenerator.Spec(1_717_899, 742_507, 2_812_281, 337_067, 36.17, 40, 0.9,
                    seed);
            default -> throw new IllegalArgumentException("unknown preset '" + preset
                    + "' (small, amazon-670k, amazon-3m)");
        };
        SyntheticGenerator.Spec spec = new SyntheticGenerator.Spec(
                train != null ? train : base.train(), test != null ? test : base.test(),
                labels != null ? labels : base.labels(), features != null ? features : base.features(),
                labelsPerPoint != null ? labelsPerPoint : base.avgLabelsPerPoint(), base.noiseFeatures(),
                base.alpha(), seed);
        XmcDataset d = SyntheticGenerator.generate(spec);
        DatasetWriter.write(d, out, Layout.parse(layout), DatasetWriter.Options.defaults());
        System.out.println("wrote " + d.name() + " (" + spec + ") to " + out);
        return 0;
    }
}
