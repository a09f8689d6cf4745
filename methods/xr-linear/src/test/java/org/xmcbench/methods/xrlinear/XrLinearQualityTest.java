package org.xmcbench.methods.xrlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.MetricReport;
import org.xmcbench.core.metrics.MetricsEngine;
import org.xmcbench.datasets.layout.DatasetReader;

/**
 * XR-Linear against PECOS's own XR-Linear on the bundled debian-tags (reference measured by the team with
 * amzn/pecos @7b989e0, default parameters, pecos metrics without filter): P@1/3/5 within 0.5 points.
 */
class XrLinearQualityTest {
    @Test
    void matchesPecosOnDebianTags(@TempDir Path tmp) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("datasets/catalog.json"))) {
            root = root.getParent();
        }
        XmcDataset d = DatasetReader.read(root.resolve("datasets/bundled/debian-tags"), null, false);
        JsonNode ref = new ObjectMapper().readTree(getClass().getResource("/xr-linear-pecos.json"))
                .get("datasets").get("debian-tags");
        XrLinear m = new XrLinear();
        SimpleRunContext ctx = new SimpleRunContext(0, RunContext.Device.CPU, tmp, () -> false);
        XrLinearModel model = (XrLinearModel) m.fit(d, m.fitParams().resolve(Map.of()), ctx);
        assertEquals(2, model.levels(), "581 labels, leaves of <= 100: 8 clusters under the root, then labels");
        TopK top = m.predict(model, new Queries(d.testFeatures(), null), 10, m.queryParams().resolve(Map.of()), ctx);
        MetricReport r = MetricsEngine.evaluate(d.testLabels(), top.toCsr(d.numLabels()),
                EvalOptions.defaults(Dialect.PECOS));
        for (String k : new String[] {"P@1", "P@3", "P@5"}) {
            double ours = r.get(k);
            double pecos = ref.get(k).asDouble();
            assertTrue(Math.abs(ours - pecos) <= 0.005, k + ": ours " + ours + ", PECOS " + pecos);
        }
        // Selected-outputs mode gives the beam's own labels exactly the beam's scores.
        org.xmcbench.core.data.CsrMatrix beam = top.toCsr(d.numLabels());
        org.xmcbench.core.data.CsrMatrix rescored = m.scoreCandidates(model, new Queries(d.testFeatures(), null), beam,
                m.queryParams().resolve(Map.of()), ctx);
        for (long p = 0; p < beam.nnz(); p++) {
            assertEquals(beam.value(p), rescored.value(p), 1e-6f * Math.max(1f, Math.abs(beam.value(p))));
        }
        // Saved and loaded, the model predicts the same.
        model.save(tmp.resolve("m"));
        TopK again = m.predict(m.load(tmp.resolve("m"), ctx), new Queries(d.testFeatures(), null), 10,
                m.queryParams().resolve(Map.of()), ctx);
        assertTrue(top.toCsr(d.numLabels()).sameAs(again.toCsr(d.numLabels())));
    }
}
