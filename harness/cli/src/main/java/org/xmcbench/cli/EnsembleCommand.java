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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Ensembler.Rule r;
        try {
            r = Ensembler.Rule.parse(rule);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (preds.size() < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "an ensemble needs at least 2 --pred");
        }
        List<CsrMatrix> members = new ArrayList<>();
        for (Path p : preds) {
            CsrMatrix m = MatrixFiles.readPredictions(p);
            if (!members.isEmpty() && (m.rows() != members.get(0).rows() || m.cols() != members.get(0).cols())) {
                throw new IllegalArgumentException(p + " is " + m.rows() + " x " + m.cols() + " but " + preds.get(0)
                        + " is " + members.get(0).rows() + " x " + members.get(0).cols() + ": members must agree");
            }
            members.add(m);
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
