package org.xmcbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.datasets.io.XcSparseText;

/**
 * Reading throughput of the XC sparse text reader on a 100,000 x top-100 prediction file (about 100 MB of text).
 * MB/s = file size (printed at setup) / time per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SparseReadBenchmark {
    Path file;

    @Setup
    public void setUp() throws IOException {
        MetricsBenchmark m = new MetricsBenchmark();
        m.setUp();
        file = Files.createTempFile("xmcbench-read", ".txt");
        XcSparseText.write(m.pred, file);
        System.out.printf("%nprediction file: %.1f MB%n", Files.size(file) / 1e6);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public CsrMatrix readPredictions() throws IOException {
        return XcSparseText.read(file);
    }
}
