package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.SimpleRunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.MetricsEngine;
import org.xmcbench.datasets.catalog.Catalog;
import org.xmcbench.datasets.catalog.DatasetResolver;

/** The built-in baselines through the strategy interface, on the bundled debian-tags. */
class BaselinesTest {
    static XmcDataset data;
    static Map<String, MethodStrategy> methods = new TreeMap<>();

    @BeforeAll
    static void load() throws Exception {
        Path home = Path.of("").toAbsolutePath();
        while (!home.resolve("datasets/catalog.json").toFile().isFile()) {
            home = home.getParent();
        }
        data = new DatasetResolver(Catalog.ofHome(home), home, home.resolve("target/no-cache"))
                .load("debian-tags", null, false);
        for (MethodStrategy m : ServiceLoader.load(MethodStrategy.class)) {
            methods.put(m.id(), m);
        }
    }

    private static double p1(MethodStrategy m, TrainedModel model, RunContext ctx) throws Exception {
        TopK top = m.predict(model, new Queries(data.testFeatures(), data.testTexts()), 5,
                m.queryParams().resolve(Map.of()), ctx);
        return MetricsEngine.evaluate(data.testLabels(), top.toCsr(data.numLabels()),
                EvalOptions.defaults(Dialect.PYXCLIB)).get("P@1");
    }

    @Test
    void discoveredAndBetterThanThePrior(@TempDir Path tmp) throws Exception {
        assertTrue(methods.keySet().containsAll(java.util.List.of("prior", "tfidf-knn")), methods.keySet().toString());
        SimpleRunContext ctx = new SimpleRunContext(0, RunContext.Device.CPU, tmp, () -> false);
        MethodStrategy prior = methods.get("prior");
        MethodStrategy knn = methods.get("tfidf-knn");
        TrainedModel pm = prior.fit(data, prior.fitParams().resolve(Map.of()), ctx);
        TrainedModel km = knn.fit(data, knn.fitParams().resolve(Map.of()), ctx);
        double pp = p1(prior, pm, ctx);
        double kp = p1(knn, km, ctx);
        assertTrue(kp > pp + 0.2, "kNN P@1 " + kp + " should clearly beat the prior's " + pp);
        assertTrue(ctx.phases().containsKey("index"), ctx.phases().toString());
        km.save(tmp.resolve("knn"));
        assertEquals(kp, p1(knn, knn.load(tmp.resolve("knn"), ctx), ctx), 0.0, "a loaded model predicts the same");
    }
}
