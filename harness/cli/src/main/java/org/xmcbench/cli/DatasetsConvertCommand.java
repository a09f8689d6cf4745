package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.catalog.DatasetResolver;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xmc datasets convert}: any layout to any layout. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write a dataset in another layout. Values survive exactly (float32); a file written by "
                + "xmcbench, converted away and back, is byte-identical. Anything the target layout cannot carry "
                + "is reported.")
final class DatasetsConvertCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SOURCE", description = "a dataset folder, or a catalog name")
    String source;

    @Option(names = "--to", required = true, description = "target layout: xc, xc-old, lf-json, pecos")
    String to;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--from", description = "force the source layout (default: detect)")
    String from;

    @Option(names = "--gzip", description = "gzip the sparse text files (.txt.gz)")
    boolean gzip;

    @Option(names = "--stored-npz", description = "store npz entries uncompressed (as PECOS writes them)")
    boolean storedNpz;

    @Option(names = "--force", description = "convert a catalogued dataset even if its statistics disagree")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DatasetArguments.requireKnown(spec.commandLine(), source);
        Layout target = Layout.parse(to);
        XmcDataset d = DatasetResolver.standard().load(source, from == null ? null : Layout.parse(from), force);
        List<String> notes = DatasetWriter.write(d, out, target, new DatasetWriter.Options(gzip, !storedNpz));
        for (String n : notes) {
            System.err.println("note: " + n);
        }
        System.out.println("wrote " + d.name() + " as " + target + " to " + out);
        return 0;
    }
}
