package org.xmcbench.methods.neural.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.xmcbench.core.data.TopK;

/**
 * Throughput of the label search, outside the unit tests (timings do not belong in a pass/fail test): exact search
 * in queries/s for both backends (median of 3 timed runs after a warm-up), and HNSW build time, queries/s and
 * recall@10 against the exact result, on clustered unit vectors.
 *
 * <p>Run from the module after {@code test-compile}, with the test classpath:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.xmcbench.methods.neural.search.SearchBenchmark
 * [labels] [dim] [batch] [batches] [m] [efConstruction] [ef]} (defaults 100000 384 256 4 16 100 100); system
 * properties {@code clusters} (1000), {@code noise} (0.3) shape the data, {@code javaOnly} skips the PyTorch run.
 */
public final class SearchBenchmark {
    private SearchBenchmark() {}

    public static void main(String[] args) throws IOException {
        int numLabels = arg(args, 0, 100_000);
        int dim = arg(args, 1, 384);
        int batch = arg(args, 2, 256);
        int batches = arg(args, 3, 4);
        int m = arg(args, 4, 16);
        int efC = arg(args, 5, 100);
        int ef = arg(args, 6, 100);
        int k = 10;
        int nq = batch * batches;
        System.out.printf(Locale.ROOT, "labels %d x %d, %d queries in batches of %d, k %d, %d processors, load %.2f%n",
                numLabels, dim, nq, batch, k, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        int clusters = Integer.getInteger("clusters", 1000);
        float noise = Float.parseFloat(System.getProperty("noise", "0.3"));
        System.out.printf(Locale.ROOT, "data: %d clusters, noise %.2f%n", clusters, noise);
        float[] labels = ClusteredVectors.generate(numLabels, dim, clusters, noise, 1);
        float[] queries = ClusteredVectors.generate(nq, dim, clusters, noise, 1, 2);

        TopK exact = null;
        for (ExactBackend backend : ExactBackend.values()) {
            if (exact != null && Boolean.getBoolean("javaOnly")) {
                break;
            }
            try (ExactInnerProductIndex idx = new ExactInnerProductIndex(labels, numLabels, dim, 0, 0, backend)) {
                TopK result = runBatches(idx, queries, batch, batches, k); // warm-up (JIT, engine start)
                double[] qps = new double[3];
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    result = runBatches(idx, queries, batch, batches, k);
                    qps[rep] = nq / ((System.nanoTime() - t0) / 1e9);
                }
                Arrays.sort(qps);
                System.out.printf(Locale.ROOT, "exact %-7s block %5d: median %.0f queries/s (runs %.0f, %.0f, %.0f),"
                        + " load %.2f%n", backend, idx.blockSize(), qps[1], qps[0], qps[1], qps[2],
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                if (exact == null) {
                    exact = result;
                } else {
                    System.out.printf(Locale.ROOT, "  recall@10 of %s vs %s: %.6f%n", backend, ExactBackend.JAVA,
                            ClusteredVectors.recall(result, exact));
                }
            }
        }

        long t0 = System.nanoTime();
        HnswLabelIndex hnsw = HnswLabelIndex.build(labels, numLabels, dim, new HnswLabelIndex.Options(m, efC, ef, 0));
        double buildS = (System.nanoTime() - t0) / 1e9;
        TopK approx = runBatches(hnsw, queries, batch, batches, k);
        double[] qps = new double[3];
        for (int rep = 0; rep < 3; rep++) {
            long t1 = System.nanoTime();
            approx = runBatches(hnsw, queries, batch, batches, k);
            qps[rep] = nq / ((System.nanoTime() - t1) / 1e9);
        }
        Arrays.sort(qps);
        System.out.printf(Locale.ROOT, "hnsw m %d efC %d ef %d: build %.1f s, median %.0f queries/s, recall@10 %.4f,"
                + " load %.2f%n", m, efC, ef, buildS, qps[1], ClusteredVectors.recall(approx, exact),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int e : new int[] {20, 50, 200}) {
            hnsw.setEf(e);
            long t1 = System.nanoTime();
            TopK a = runBatches(hnsw, queries, batch, batches, k);
            System.out.printf(Locale.ROOT, "  ef %d: %.0f queries/s, recall@10 %.4f%n", e,
                    nq / ((System.nanoTime() - t1) / 1e9), ClusteredVectors.recall(a, exact));
        }
        Path dir = Files.createTempDirectory("hnsw-bench");
        t0 = System.nanoTime();
        hnsw.save(dir);
        System.out.printf(Locale.ROOT, "  save %.1f s, %d MB%n", (System.nanoTime() - t0) / 1e9,
                Files.size(dir.resolve(HnswLabelIndex.GRAPH_FILE)) >> 20);
    }

    /** Searches {@code batches} consecutive batches; returns all rows as one block. */
    static TopK runBatches(LabelIndex idx, float[] queries, int batch, int batches, int k) {
        int dim = idx.dim();
        TopK all = new TopK(batch * batches, k);
        for (int b = 0; b < batches; b++) {
            TopK t = idx.search(Arrays.copyOfRange(queries, b * batch * dim, (b + 1) * batch * dim), batch, k);
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < k; i++) {
                    all.set(b * batch + r, i, t.label(r, i), t.score(r, i));
                }
            }
        }
        return all;
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
