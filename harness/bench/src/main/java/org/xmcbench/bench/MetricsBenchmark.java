package org.xmcbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xmcbench.core.data.CsrBuilder;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.metrics.Dialect;
import org.xmcbench.core.metrics.EvalOptions;
import org.xmcbench.core.metrics.InversePropensity;
import org.xmcbench.core.metrics.MetricReport;
import org.xmcbench.core.metrics.MetricsEngine;

/**
 * Metric computation at the size named in the core issue: 100,000 test rows, top-100 predictions each, over
 * 50,000 labels, with propensities (pyxclib dialect, k = 5) and PECOS's k = 10. Reading is measured separately
 * ({@link SparseReadBenchmark}) and end to end by {@code xmc evaluate}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsBenchmark {
    static final int ROWS = 100_000;
    static final int TOP = 100;
    static final int LABELS = 50_000;

    CsrMatrix truth;
    CsrMatrix pred;
    InversePropensity propensity;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        truth = labels(r, ROWS);
        CsrMatrix train = labels(r, 2 * ROWS);
        propensity = InversePropensity.fromTrainLabels(train, LABELS, 0.55, 1.5);
        CsrBuilder b = new CsrBuilder(LABELS, ROWS, (long) ROWS * TOP);
        for (int i = 0; i < ROWS; i++) {
            int[] ls = r.ints(TOP * 2L, 0, LABELS).distinct().limit(TOP).sorted().toArray();
            for (int l : ls) {
                b.add(l, (float) r.nextDouble());
            }
            b.endRow();
        }
        pred = b.build();
    }

    static CsrMatrix labels(SplittableRandom r, int rows) {
        CsrBuilder b = new CsrBuilder(LABELS, rows, rows * 6L);
        for (int i = 0; i < rows; i++) {
            int n = 1 + r.nextInt(10);
            for (int l : r.ints(n, 0, LABELS).map(x -> (int) ((long) x * x / LABELS)).distinct().sorted().toArray()) {
                b.add(l, 1f);
            }
            b.endRow();
        }
        return b.build();
    }

    @Benchmark
    public MetricReport pyxclibDialectWithPropensities() {
        return MetricsEngine.evaluate(truth, pred, EvalOptions.defaults(Dialect.PYXCLIB).withPropensity(propensity));
    }

    @Benchmark
    public MetricReport pecosDialect() {
        return MetricsEngine.evaluate(truth, pred, EvalOptions.defaults(Dialect.PECOS));
    }
}
