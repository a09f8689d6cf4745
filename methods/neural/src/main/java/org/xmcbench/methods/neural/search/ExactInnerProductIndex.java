package org.xmcbench.methods.neural.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.xmcbench.core.data.TopK;

/**
 * Exact top-k maximum inner product search: every query is scored against every label, block by block, and a
 * bounded heap per query keeps the k best. It is the reference the approximate index is measured against, and the
 * right default until its cost, linear in the number of labels, is too high for the label set.
 *
 * <p>Work is cut into tasks of (query chunk, range of label blocks); memory per task is one block-sized score tile
 * and k entries per query, so it stays bounded for millions of labels. With two or more threads the tasks run on a
 * fork/join pool; when there are too few query chunks to keep the threads busy (small batches) the label blocks are
 * split across tasks and the per-task heaps merged. Because the heap order is strict and the Java kernel's scores
 * do not depend on the split, results are identical for any thread count and block size.
 *
 * <p>Backends ({@link ExactBackend}): the pure-Java kernel, or DJL/PyTorch matmul + topK per block. On the 2-core
 * AMD EPYC development machine (100,000 labels x 384 dims, batches of 256 queries, k 10, median of 3 runs of 1,024
 * queries, {@code SearchBenchmark}; the machine was shared with other builds at load 6-7) the Java kernel did 73
 * queries/s (2.8 GFMA/s) and PyTorch 225 queries/s with identical top-10 sets: the engine's BLAS keeps partial
 * sums in registers, which C2's auto-vectorised loops cannot, so PyTorch is {@link #DEFAULT_BACKEND}. The Java
 * kernel stays as the bit-exact reference and for runs without the native engine.
 */
public final class ExactInnerProductIndex implements LabelIndex {
    static final String TYPE = "exact-inner-product";
    static final String LABELS_FILE = "labels.f32";

    /** The backend that measured faster on the development machine (about 3x; see the class comment). */
    public static final ExactBackend DEFAULT_BACKEND = ExactBackend.PYTORCH;

    /** Queries per task: 64 x 384 floats (96 KiB) sit in L2 next to a label block. */
    static final int QUERY_CHUNK = 64;

    private final TransposedLabelBlocks labels;
    private final ExactBackend backend;
    private final int threads;
    private ForkJoinPool pool;
    private PyTorchBlockScorer torch;

    /**
     * @param embeddings row-major {@code numLabels x dim}; copied, so the caller may reuse it
     * @param blockSize labels per block, or 0 for a block sized to the L2 cache
     * @param threads worker threads for the Java backend, or 0 for all available processors (the PyTorch backend
     *     uses the engine's own intra-op threads)
     */
    public ExactInnerProductIndex(float[] embeddings, int numLabels, int dim, int blockSize, int threads,
            ExactBackend backend) {
        this.labels = new TransposedLabelBlocks(embeddings, numLabels, dim,
                blockSize > 0 ? blockSize : TransposedLabelBlocks.defaultBlockSize(dim));
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.backend = backend;
    }

    /** Default block size, all processors, {@link #DEFAULT_BACKEND}. */
    public static ExactInnerProductIndex of(float[] embeddings, int numLabels, int dim) {
        return new ExactInnerProductIndex(embeddings, numLabels, dim, 0, 0, DEFAULT_BACKEND);
    }

    @Override
    public int numLabels() {
        return labels.numLabels();
    }

    @Override
    public int dim() {
        return labels.dim();
    }

    public int blockSize() {
        return labels.blockSize();
    }

    public ExactBackend backend() {
        return backend;
    }

    @Override
    public TopK search(float[] queries, int numQueries, int k) {
        int dim = labels.dim();
        LabelIndex.checkQueries(queries, numQueries, dim, k);
        for (int i = 0; i < numQueries * dim; i++) {
            if (!Float.isFinite(queries[i])) {
                throw new IllegalArgumentException("query " + i / dim + " has a non-finite value");
            }
        }
        TopK out = new TopK(numQueries, k);
        int kk = Math.min(k, labels.numLabels());
        if (numQueries == 0 || kk == 0) {
            return out;
        }
        if (backend == ExactBackend.PYTORCH) {
            searchTorch(queries, numQueries, kk, out);
        } else {
            searchJava(queries, numQueries, kk, out);
        }
        return out;
    }

    private void searchJava(float[] queries, int numQueries, int k, TopK out) {
        int chunks = (numQueries + QUERY_CHUNK - 1) / QUERY_CHUNK;
        int nb = labels.numBlocks();
        // Enough tasks for every thread twice over, splitting the labels when the batch alone is too small.
        int splits = threads > 1 && chunks < 2 * threads ? Math.min(nb, (2 * threads + chunks - 1) / chunks) : 1;
        int tasks = chunks * splits;
        TopKHeap[][] heaps = new TopKHeap[tasks][];
        IntStream ids = IntStream.range(0, tasks);
        Runnable run = () -> (threads > 1 && tasks > 1 ? ids.parallel() : ids).forEach(t -> {
            int c = t / splits;
            int s = t % splits;
            int q0 = c * QUERY_CHUNK;
            int nq = Math.min(QUERY_CHUNK, numQueries - q0);
            heaps[t] = scoreChunk(queries, q0, nq, k, (int) ((long) s * nb / splits),
                    (int) ((long) (s + 1) * nb / splits));
        });
        if (threads > 1 && tasks > 1) {
            pool().submit(run).join();
        } else {
            run.run();
        }
        for (int c = 0; c < chunks; c++) {
            TopKHeap[] merged = heaps[c * splits];
            for (int s = 1; s < splits; s++) {
                TopKHeap[] part = heaps[c * splits + s];
                for (int i = 0; i < merged.length; i++) {
                    merged[i].offerAll(part[i]);
                }
            }
            for (int i = 0; i < merged.length; i++) {
                merged[i].drainInto(out, c * QUERY_CHUNK + i);
            }
        }
    }

    /** Heaps for queries {@code q0..q0+nq)} over label blocks {@code [b0, b1)}; the unit of parallel work. */
    private TopKHeap[] scoreChunk(float[] queries, int q0, int nq, int k, int b0, int b1) {
        int dim = labels.dim();
        TopKHeap[] heaps = new TopKHeap[nq];
        for (int i = 0; i < nq; i++) {
            heaps[i] = new TopKHeap(k);
        }
        float[][] tile = new float[InnerProductKernel.TILE][labels.blockSize()];
        for (int b = b0; b < b1; b++) {
            float[] block = labels.block(b);
            int n = labels.blockLength(b);
            int first = labels.firstLabel(b);
            int i = 0;
            for (; i + InnerProductKernel.TILE <= nq; i += InnerProductKernel.TILE) {
                InnerProductKernel.tile4(block, n, dim, queries, q0 + i, tile);
                for (int t = 0; t < InnerProductKernel.TILE; t++) {
                    heaps[i + t].offerAll(tile[t], 0, n, first);
                }
            }
            for (; i < nq; i++) {
                InnerProductKernel.tile1(block, n, dim, queries, q0 + i, tile[0]);
                heaps[i].offerAll(tile[0], 0, n, first);
            }
        }
        return heaps;
    }

    private synchronized void searchTorch(float[] queries, int numQueries, int k, TopK out) {
        if (torch == null) {
            torch = new PyTorchBlockScorer(labels);
        }
        int batch = 256;
        for (int q0 = 0; q0 < numQueries; q0 += batch) {
            int nq = Math.min(batch, numQueries - q0);
            TopKHeap[] heaps = new TopKHeap[nq];
            for (int i = 0; i < nq; i++) {
                heaps[i] = new TopKHeap(k);
            }
            torch.score(queries, q0, nq, k, heaps);
            for (int i = 0; i < nq; i++) {
                heaps[i].drainInto(out, q0 + i);
            }
        }
    }

    private synchronized ForkJoinPool pool() {
        if (pool == null) {
            pool = new ForkJoinPool(threads);
        }
        return pool;
    }

    @Override
    public void save(Path dir) throws IOException {
        new IndexManifest(TYPE, labels.numLabels(), labels.dim(),
                Map.of("blockSize", Integer.toString(labels.blockSize()), "backend", backend.name()))
                .write(dir);
        int dim = labels.dim();
        float[] row = new float[dim];
        int[] current = {-1};
        Float32File.write(dir.resolve(LABELS_FILE), (long) labels.numLabels() * dim, i -> {
            int label = (int) (i / dim);
            if (label != current[0]) {
                labels.copyRow(label, row, 0);
                current[0] = label;
            }
            return row[(int) (i % dim)];
        });
    }

    /** Restores a saved exact index with its block size and backend; threads default to all processors. */
    public static ExactInnerProductIndex load(Path dir) throws IOException {
        IndexManifest m = IndexManifest.read(dir);
        if (!TYPE.equals(m.type())) {
            throw new IOException(dir + " holds a '" + m.type() + "' index, not " + TYPE);
        }
        return load(dir, m);
    }

    static ExactInnerProductIndex load(Path dir, IndexManifest m) throws IOException {
        float[] emb = Float32File.read(dir.resolve(LABELS_FILE), Math.multiplyExact(m.numLabels(), m.dim()));
        return new ExactInnerProductIndex(emb, m.numLabels(), m.dim(),
                Integer.parseInt(m.option("blockSize", "0")), 0,
                ExactBackend.valueOf(m.option("backend", DEFAULT_BACKEND.name())));
    }

    @Override
    public synchronized void close() {
        if (torch != null) {
            torch.close();
            torch = null;
        }
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }
}
