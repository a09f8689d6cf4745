package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.InversePropensity;
import org.xmcbench.core.metrics.MetricReport;
import org.xmcbench.core.metrics.MetricsEngine;
import org.xmcbench.datasets.io.FilterPairs;
import org.xmcbench.datasets.io.XcSparseText;

/**
 * Every golden fixture (values computed by pyxclib and by PECOS's definitions, copied from the team's shared
 * fixtures) must be reproduced to 1e-6 in both dialects.
 */
class GoldenMetricsTest {
    private static final double TOL = 1e-6;

    static Stream<String> fixtures() {
        return Stream.of("tiny", "random-2000", "ties-1000", "debian-tags-knn");
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(GoldenMetricsTest.class.getResource("/golden/" + name + "/expected.json").toURI()).getParent();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesReferences(String name) throws Exception {
        Path dir = fixture(name);
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        CsrMatrix truth = XcSparseText.read(dir.resolve("tst_X_Y.txt")).binarized();
        CsrMatrix pred = XcSparseText.read(dir.resolve("pred.txt"));
        CsrMatrix train = XcSparseText.read(dir.resolve("trn_X_Y.txt"));
        CsrMatrix filter = Files.exists(dir.resolve("filter_labels_test.txt"))
                ? FilterPairs.read(dir.resolve("filter_labels_test.txt"), truth.rows(), truth.cols()) : null;
        assertEquals(expected.path("filter").asBoolean(false), filter != null, "fixture filter flag");
        InversePropensity ip = InversePropensity.fromTrainLabels(train, truth.cols(), expected.get("A").asDouble(),
                expected.get("B").asDouble());
        double[] targets = {0.50, 0.90, 0.95};
        MetricReport py = MetricsEngine.evaluate(truth, pred, new EvalOptions(Dialect.PYXCLIB, 5, ip, filter,
                targets, null));
        MetricReport pecos = MetricsEngine.evaluate(truth, pred, new EvalOptions(Dialect.PECOS, 10, null, filter,
                targets, null));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!e.getValue().isNumber() || List.of("A", "B", "n_rows", "n_labels").contains(key)) {
                continue;
            }
            double want = e.getValue().asDouble();
            double got;
            if (key.startsWith("pyxclib.")) {
                got = py.get(key.substring("pyxclib.".length()));
            } else if (key.startsWith("pecos.")) {
                got = pecos.get(key.substring("pecos.".length()));
            } else if (key.startsWith("coverage_at_precision@")) {
                got = pecos.get(key);
            } else if (key.startsWith("coverage@")) {
                got = pecos.get(key);
                assertEquals(got, py.get(key), 0.0, "coverage does not depend on the dialect");
            } else {
                fail("fixture " + name + " has an unknown key " + key);
                continue;
            }
            checked++;
            if (Math.abs(got - want) > TOL) {
                failures.add(key + ": got " + got + ", expected " + want);
            }
        }
        assertTrue(checked >= 25, "fixture " + name + " checked only " + checked + " values");
        assertEquals(List.of(), failures, "fixture " + name);
        assertEquals(expected.get("n_rows").asInt(), py.nRows());
    }
}
