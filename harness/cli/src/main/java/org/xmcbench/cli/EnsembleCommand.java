package org.xmcbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.ensemble.Ensembler;
import org.xmcbench.datasets.io.Npz;
import org.xmcbench.datasets.io.XcSparseText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xmc ensemble}: combine prediction files of any methods with PECOS's rules. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Combine prediction matrices (.npz or XC text) with PECOS's CsrEnsembler rules: average, "
                + "rank_average, sigmoid_average, softmax_average, round_robin. Writes .npz (or XC text for .txt).")
final class EnsembleCommand implements Callable<Integer> {
    @Option(names = "--pred", required = true, paramLabel = "P", description = "a member's predictions (repeat)")
    List<Path> preds = new ArrayList<>();

    @Option(names = "--rule", required = true, description = "the combination rule")
    String rule;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output (.npz, or .txt)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Ensembler.Rule r = Ensembler.Rule.parse(rule);
        List<CsrMatrix> members = new ArrayList<>();
        for (Path p : preds) {
            members.add(MatrixFiles.read(p));
        }
        CsrMatrix e = Ensembler.combine(members, r);
        if (out.getFileName().toString().endsWith(".npz")) {
            Npz.write(e, out, true);
        } else {
            XcSparseText.write(e, out);
        }
        System.out.println("wrote " + out + " (" + r.name().toLowerCase() + " of " + members.size() + " members)");
        return 0;
    }
}
