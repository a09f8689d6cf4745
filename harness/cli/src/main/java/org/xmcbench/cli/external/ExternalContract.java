package org.xmcbench.cli.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.io.DataFormatException;
import org.xmcbench.datasets.io.Npz;

/**
 * The file contract between xmcbench and a program it runs in a container (written out for users in
 * {@code harness/docker/external/CONTRACT.md}): the dataset goes in read-only at {@link #DATA}, and the program
 * leaves {@link #PREDICTIONS} and {@link #TIMINGS} in {@link #OUT}.
 */
public final class ExternalContract {
    public static final String DATA = "/xmc/data";
    public static final String OUT = "/xmc/out";
    public static final String PREDICTIONS = "predictions.npz";
    public static final String TIMINGS = "timings.json";

    private ExternalContract() {}

    /** The program's predictions: a scipy CSR matrix of the test set's shape, a row's scores ranking its labels. */
    public static CsrMatrix readPredictions(Path out, int rows, int labels) throws IOException {
        Path f = out.resolve(PREDICTIONS);
        if (!Files.isRegularFile(f)) {
            throw new DataFormatException(f, "", "the external program wrote no " + PREDICTIONS
                    + " (scipy.sparse.save_npz of the n_test x L score matrix)");
        }
        CsrMatrix p = Npz.read(f, org.xmcbench.datasets.io.RowOrder.ANY);
        if (p.rows() != rows || p.cols() != labels) {
            throw new DataFormatException(f, "shape", "predictions are " + p.rows() + " x " + p.cols()
                    + ", the test set is " + rows + " x " + labels);
        }
        return p;
    }

    /**
     * The program's phase timings: {@code {"phases": {"fit": s, "predict": s, ...}}}, seconds as numbers, with
     * {@code fit} and {@code predict} required (the harness reports the latter as the predict time).
     */
    public static Map<String, Double> readTimings(Path out) throws IOException {
        Path f = out.resolve(TIMINGS);
        if (!Files.isRegularFile(f)) {
            throw new DataFormatException(f, "", "the external program wrote no " + TIMINGS
                    + " ({\"phases\": {\"fit\": seconds, \"predict\": seconds}})");
        }
        JsonNode phases;
        try {
            phases = new ObjectMapper().readTree(f.toFile()).get("phases");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(f, e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr(),
                    "not JSON: " + e.getOriginalMessage(), e);
        }
        if (phases == null || !phases.isObject()) {
            throw new DataFormatException(f, "phases", "needs an object \"phases\" of seconds per phase");
        }
        Map<String, Double> t = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : phases.properties()) {
            if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                throw new DataFormatException(f, "phases." + e.getKey(), "must be a number of seconds >= 0, got "
                        + e.getValue());
            }
            t.put(e.getKey(), e.getValue().asDouble());
        }
        for (String required : new String[] {"fit", "predict"}) {
            if (!t.containsKey(required)) {
                throw new DataFormatException(f, "phases." + required, "missing (seconds the program spent)");
            }
        }
        return t;
    }
}
