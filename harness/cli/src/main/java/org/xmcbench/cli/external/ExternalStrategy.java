package org.xmcbench.cli.external;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xmcbench.cli.docker.ContainerRun;
import org.xmcbench.cli.docker.ContainerSettings;
import org.xmcbench.cli.docker.DockerConnection;
import org.xmcbench.cli.docker.GpuRequest;
import org.xmcbench.cli.docker.ImageRef;
import org.xmcbench.cli.docker.RunDirOwnership;
import org.xmcbench.cli.run.RunLauncher;
import org.xmcbench.core.api.MethodDescriptor;
import org.xmcbench.core.api.MethodStrategy;
import org.xmcbench.core.api.ParamSpec;
import org.xmcbench.core.api.Params;
import org.xmcbench.core.api.Queries;
import org.xmcbench.core.api.RunContext;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.core.data.TopK;
import org.xmcbench.core.data.XmcDataset;
import org.xmcbench.datasets.layout.DatasetWriter;
import org.xmcbench.datasets.layout.Layout;

/**
 * A reference implementation run as it was released, inside its own pinned image, under the file contract of
 * {@link ExternalContract}: the dataset goes in (test labels withheld), the program trains and predicts the test
 * set, and xmcbench scores its predictions with its own metrics — so a paper's code is judged by the same
 * definitions as every other method.
 */
public final class ExternalStrategy implements MethodStrategy {
    @Override
    public String id() {
        return "external";
    }

    @Override
    public MethodDescriptor descriptor() {
        return new MethodDescriptor("External program in a container", "reference implementation", 0,
                Set.of(MethodDescriptor.Input.SPARSE_FEATURES, MethodDescriptor.Input.RAW_TEXT,
                        MethodDescriptor.Input.LABEL_TEXT, MethodDescriptor.Input.TRAIN_LABELS), true, false);
    }

    @Override
    public ParamSpec fitParams() {
        return new ParamSpec()
                .add("image", ParamSpec.Type.STRING, "", "the program's image, pinned: name@sha256:<digest> or sha256:<id>")
                .add("command", ParamSpec.Type.STRING, "", "shell command run in the image (sh -c)")
                .add("layout", ParamSpec.Type.STRING, "pecos", "layout of the dataset at /xmc/data: pecos, xc, "
                        + "xc-old, lf-json")
                .add("allow_unpinned", ParamSpec.Type.BOOLEAN, false, "accept an image named by a tag")
                .add("cpuset", ParamSpec.Type.STRING, "", "CPUs of the container, e.g. 0-1 (empty: all)")
                .add("memory", ParamSpec.Type.STRING, "16g", "memory limit of the container")
                .add("gpus", ParamSpec.Type.STRING, "", "GPUs: all, a count, or device=0,1 (empty: none)")
                .add("timeout", ParamSpec.Type.STRING, "24h", "the program's own time limit");
    }

    @Override
    public ParamSpec queryParams() {
        return new ParamSpec();
    }

    @Override
    public TrainedModel fit(XmcDataset data, Params params, RunContext ctx) throws Exception {
        String ref = params.getString("image");
        String command = params.getString("command");
        if (ref.isBlank() || command.isBlank()) {
            throw new IllegalArgumentException("external needs fit parameters image=<pinned ref> and command=<shell>");
        }
        ContainerSettings settings = new ContainerSettings(
                new ImageRef(ref).requirePinned(params.getBoolean("allow_unpinned")),
                params.getString("cpuset").isBlank() ? null : params.getString("cpuset"),
                ContainerSettings.parseBytes(params.getString("memory")),
                params.getString("gpus").isBlank() ? null : GpuRequest.parse(params.getString("gpus")),
                ContainerSettings.defaultUser());
        Layout layout = Layout.parse(params.getString("layout"));
        Path in = ctx.scratchDir().resolve("external-data");
        Path out = Files.createDirectories(ctx.scratchDir().resolve("external-out"));
        try (RunContext.Phase p = ctx.phase("export-dataset")) {
            DatasetWriter.write(withheldTestLabels(data), in, layout, DatasetWriter.Options.defaults());
        }
        DockerClient client = DockerConnection.connect();
        ContainerRun.removeOrphans(client);
        String imageId = client.inspectImageCmd(ref).exec().getId();
        List<Bind> binds = List.of(new Bind(in.toAbsolutePath().toString(), new Volume(ExternalContract.DATA),
                AccessMode.ro), new Bind(out.toAbsolutePath().toString(), new Volume(ExternalContract.OUT),
                AccessMode.rw));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("XMC_DATA", ExternalContract.DATA);
        env.put("XMC_OUT", ExternalContract.OUT);
        env.put("XMC_LAYOUT", layout.id());
        env.put("XMC_SEED", Long.toString(ctx.seed()));
        env.put("HOME", "/tmp");
        Path log = ctx.scratchDir().resolve("external.log");
        ContainerRun.Outcome o;
        try (RunContext.Phase p = ctx.phase("container"); RunDirOwnership lent = RunDirOwnership.lend(out,
                settings.uid(), settings.gid())) {
            o = ContainerRun.run(client, settings, imageId, List.of("/bin/sh", "-c", command), binds, env,
                    "external", log, RunLauncher.parseDuration(params.getString("timeout")));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("image_ref", ref);
        info.put("image_id", imageId);
        info.put("engine", DockerConnection.describe(client));
        info.put("exit_code", o.exitCode());
        info.put("container_wall_s", o.wallSeconds());
        ctx.record("external_container", info);
        if (o.exitCode() == null || o.exitCode() != 0 || o.oomKilled()) {
            throw new IllegalStateException("the external program " + (o.exitCode() == null ? "exceeded its timeout"
                    : o.oomKilled() ? "exceeded its memory limit" : "exited with status " + o.exitCode())
                    + " in image " + ref + "; end of its log (" + log + "):\n" + RunLauncher.tail(log, 1500));
        }
        CsrMatrix predictions = ExternalContract.readPredictions(out, data.testFeatures() != null
                ? data.testFeatures().rows() : data.testTexts().size(), data.numLabels());
        Map<String, Double> timings = ExternalContract.readTimings(out);
        ctx.record("external_phases_s", timings);
        return new ExternalModel(predictions, timings);
    }

    /** The dataset as the program sees it: the test split's labels replaced by empty rows of the same shape. */
    static XmcDataset withheldTestLabels(XmcDataset d) {
        return d.withTestLabels(CsrMatrix.empty(d.testLabels().rows(), d.testLabels().cols()));
    }

    @Override
    public TopK predict(TrainedModel model, Queries queries, int k, Params queryParams, RunContext ctx) {
        CsrMatrix p = ((ExternalModel) model).predictions();
        if (queries.size() != p.rows()) {
            throw new IllegalArgumentException("external predictions cover the whole test set (" + p.rows()
                    + " rows), not " + queries.size() + " queries");
        }
        TopK top = new TopK(p.rows(), k);
        for (int r = 0; r < p.rows(); r++) {
            int n = (int) (p.rowEnd(r) - p.rowStart(r));
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            long s = p.rowStart(r);
            // Best score first; ties by ascending label id, the harness's rule everywhere.
            Arrays.sort(order, (a, b) -> {
                int c = Float.compare(p.value(s + b), p.value(s + a));
                return c != 0 ? c : Integer.compare(p.index(s + a), p.index(s + b));
            });
            for (int j = 0; j < Math.min(k, n); j++) {
                top.set(r, j, p.index(s + order[j]), p.value(s + order[j]));
            }
        }
        return top;
    }

    @Override
    public Double externalPredictSeconds(TrainedModel model) {
        return ((ExternalModel) model).timings().get("predict");
    }

    @Override
    public TrainedModel load(Path dir, RunContext ctx) throws IOException {
        return ExternalModel.load(dir);
    }
}
