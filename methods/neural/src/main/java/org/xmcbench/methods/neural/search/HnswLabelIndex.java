package org.xmcbench.methods.neural.search;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.NullProgressListener;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.xmcbench.core.data.TopK;

/**
 * Approximate maximum inner product search with an HNSW graph (Malkov &amp; Yashunin) from hnswlib (jelmerk's Java
 * port of the reference library) rather than a graph written here: a maintained implementation, with concurrent
 * insertion and a save format. The graph is built with the library's inner-product distance {@code 1 - <q, x>};
 * greedy graph search assumes the nearest neighbours of neighbours are near, which holds for normalised
 * embeddings (inner product = cosine), the usual case for dual encoders, and less well for unnormalised ones.
 *
 * <p>The returned scores are the inner products recomputed exactly as the exact index computes them, and each row
 * is ordered by them (ties by lower id), so results from the two indexes compare directly. Searches with a fixed
 * graph are deterministic; building is not (random levels, concurrent insertion), so two builds differ slightly.
 *
 * <p>Parameters: {@code m} links per node (memory and recall grow with it), {@code efConstruction} the candidate
 * list while inserting (build time and graph quality), {@code ef} the candidate list while searching (recall
 * against speed; the search uses {@code max(ef, k)}).
 */
public final class HnswLabelIndex implements LabelIndex {
    static final String TYPE = "hnsw";
    static final String GRAPH_FILE = "hnsw.bin";

    /** Graph parameters; see the class comment. {@code threads} 0 means all processors (build and search). */
    public record Options(int m, int efConstruction, int ef, int threads) {
        public Options {
            if (m < 2 || efConstruction < 1 || ef < 1 || threads < 0) {
                throw new IllegalArgumentException("bad HNSW options " + m + ", " + efConstruction + ", " + ef);
            }
        }

        /** m 16, efConstruction 200, ef 100, all processors: recall@10 near 0.99 on clustered 64-d data. */
        public static Options defaults() {
            return new Options(16, 200, 100, 0);
        }

        int threadCount() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }

    private final HnswIndex<Integer, float[], LabelVector, Float> graph;
    private final Options options;
    private final int numLabels;
    private final int dim;
    private ForkJoinPool pool;

    private HnswLabelIndex(HnswIndex<Integer, float[], LabelVector, Float> graph, Options options, int numLabels,
            int dim) {
        this.graph = graph;
        this.options = options;
        this.numLabels = numLabels;
        this.dim = dim;
        graph.setEf(options.ef());
    }

    /** Builds the graph over {@code numLabels x dim} row-major embeddings (copied). */
    public static HnswLabelIndex build(float[] embeddings, int numLabels, int dim, Options options) {
        if (numLabels < 0 || dim <= 0 || (long) numLabels * dim > embeddings.length) {
            throw new IllegalArgumentException("embeddings do not hold " + numLabels + " x " + dim + " values");
        }
        HnswIndex<Integer, float[], LabelVector, Float> graph = HnswIndex
                .newBuilder(dim, DistanceFunctions.FLOAT_INNER_PRODUCT, Math.max(1, numLabels))
                .withM(options.m()).withEfConstruction(options.efConstruction()).withEf(options.ef())
                .build();
        List<LabelVector> items = new ArrayList<>(numLabels);
        for (int i = 0; i < numLabels; i++) {
            float[] v = Arrays.copyOfRange(embeddings, i * dim, (i + 1) * dim);
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("label " + i + " has a non-finite value");
                }
            }
            items.add(new LabelVector(i, v));
        }
        try {
            graph.addAll(items, options.threadCount(), NullProgressListener.INSTANCE, Integer.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the HNSW graph", e);
        }
        return new HnswLabelIndex(graph, options, numLabels, dim);
    }

    @Override
    public int numLabels() {
        return numLabels;
    }

    @Override
    public int dim() {
        return dim;
    }

    public Options options() {
        return options;
    }

    /** Changes the search-time candidate list size (the recall/speed knob) without rebuilding. */
    public void setEf(int ef) {
        graph.setEf(ef);
    }

    @Override
    public TopK search(float[] queries, int numQueries, int k) {
        LabelIndex.checkQueries(queries, numQueries, dim, k);
        TopK out = new TopK(numQueries, k);
        int kk = Math.min(k, numLabels);
        if (numQueries == 0 || kk == 0) {
            return out;
        }
        IntStream rows = IntStream.range(0, numQueries);
        Runnable run = () -> (options.threadCount() > 1 ? rows.parallel() : rows)
                .forEach(r -> searchOne(queries, r, kk, out));
        if (options.threadCount() > 1 && numQueries > 1) {
            pool().submit(run).join();
        } else {
            run.run();
        }
        return out;
    }

    /** Row {@code r}: the graph's candidates rescored exactly and re-ranked by (score desc, id asc). */
    private void searchOne(float[] queries, int r, int k, TopK out) {
        float[] q = Arrays.copyOfRange(queries, r * dim, (r + 1) * dim);
        for (float x : q) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("query " + r + " has a non-finite value");
            }
        }
        List<SearchResult<LabelVector, Float>> found = graph.findNearest(q, k);
        TopKHeap heap = new TopKHeap(k);
        for (SearchResult<LabelVector, Float> res : found) {
            float[] x = res.item().vector();
            float s = 0f;
            for (int j = 0; j < dim; j++) {
                s += q[j] * x[j];
            }
            heap.offer(res.item().id(), s);
        }
        heap.drainInto(out, r); // rows are disjoint slots of out; the pool's join publishes them
    }

    private synchronized ForkJoinPool pool() {
        if (pool == null) {
            pool = new ForkJoinPool(options.threadCount());
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    @Override
    public void save(Path dir) throws IOException {
        new IndexManifest(TYPE, numLabels, dim, Map.of("m", Integer.toString(options.m()),
                "efConstruction", Integer.toString(options.efConstruction()),
                "ef", Integer.toString(graph.getEf()))).write(dir);
        graph.save(dir.resolve(GRAPH_FILE));
    }

    /** Restores a saved graph; threads default to all processors. */
    public static HnswLabelIndex load(Path dir) throws IOException {
        IndexManifest m = IndexManifest.read(dir);
        if (!TYPE.equals(m.type())) {
            throw new IOException(dir + " holds a '" + m.type() + "' index, not " + TYPE);
        }
        return load(dir, m);
    }

    static HnswLabelIndex load(Path dir, IndexManifest m) throws IOException {
        HnswIndex<Integer, float[], LabelVector, Float> graph;
        try {
            graph = HnswIndex.load(dir.resolve(GRAPH_FILE), HnswLabelIndex.class.getClassLoader());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (graph.size() != m.numLabels() || graph.getDimensions() != m.dim()) {
            throw new IOException(dir + ": graph holds " + graph.size() + " x " + graph.getDimensions()
                    + ", manifest says " + m.numLabels() + " x " + m.dim());
        }
        Options o = new Options(Integer.parseInt(m.option("m", "16")),
                Integer.parseInt(m.option("efConstruction", "200")), Integer.parseInt(m.option("ef", "100")), 0);
        return new HnswLabelIndex(graph, o, m.numLabels(), m.dim());
    }
}
