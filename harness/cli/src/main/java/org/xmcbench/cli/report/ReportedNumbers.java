package org.xmcbench.cli.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.xmcbench.core.io.DataFormatException;

/**
 * The published numbers ({@code results/reported.csv}), one per row: where it was published ({@code paper},
 * {@code table}, {@code page}, {@code source}), what the paper calls the method and the dataset, the metric and its
 * value, whether the paper's row is a {@code single} model or an {@code ensemble}, and which of our runs it is:
 * {@code method_id} (an installed method, or a suite ensemble's name) and {@code variant}, the fit or query settings
 * that run must have ({@code preset=Amazon-670K rerank=false}). A row without a {@code method_id} has no counterpart
 * here and is kept for the record.
 */
public final class ReportedNumbers {
    static final List<String> COLUMNS = List.of("paper", "table", "page", "method", "dataset", "metric", "value",
            "unit", "model", "method_id", "variant", "source");

    /** One published number; {@code value} is null where the cell is not a number (e.g. "n/a"). */
    public record Published(String paper, String table, String page, String method, String dataset, String metric,
                            Double value, String unit, boolean ensemble, String methodId, Map<String, String> variant,
                            String source) {
        /** In percent, with a run of ours to compare to. */
        boolean comparable() {
            return value != null && unit.startsWith("%") && !methodId.isEmpty();
        }
    }

    private ReportedNumbers() {}

    /** The rows of {@code file}; a missing file reads as none. A row that breaks the format is refused, naming it. */
    public static List<Published> read(Path file) throws IOException {
        List<Published> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (Reader in = Files.newBufferedReader(file)) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
            List<String> missing = COLUMNS.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new DataFormatException(file, "header", "missing columns " + missing + " (expected "
                        + COLUMNS + ")");
            }
            for (CSVRecord rec : parser) {
                out.add(row(file, rec));
            }
        }
        return out;
    }

    private static Published row(Path file, CSVRecord rec) {
        String where = "line " + (rec.getRecordNumber() + 1);
        String methodId = rec.get("method_id").trim();
        String model = rec.get("model").trim();
        if (!methodId.isEmpty() && !List.of("single", "ensemble").contains(model)) {
            throw new DataFormatException(file, where, "model must be 'single' or 'ensemble' for a row with a "
                    + "method_id, found '" + model + "'");
        }
        Map<String, String> variant = new LinkedHashMap<>();
        for (String kv : rec.get("variant").trim().split("\\s+")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new DataFormatException(file, where, "variant must be key=value settings separated by spaces, "
                        + "found '" + kv + "'");
            }
            variant.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Double value;
        try {
            value = Double.parseDouble(rec.get("value"));
        } catch (NumberFormatException e) {
            value = null;
        }
        return new Published(rec.get("paper"), rec.get("table"), rec.get("page"), rec.get("method"),
                rec.get("dataset"), rec.get("metric"), value, rec.get("unit"), "ensemble".equals(model), methodId,
                variant, rec.get("source"));
    }
}
