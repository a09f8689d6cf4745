package org.xmcbench.cli.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmcbench.cli.run.Provenance;
import org.xmcbench.cli.run.RunBackend;
import org.xmcbench.cli.run.RunSpec;
import org.xmcbench.datasets.catalog.DataHome;

/**
 * Runs the worker inside a harness image (see {@code docker/README.md}): the same worker command as the local
 * backend, with the image's JRE and classpath. Host folders are mounted at their own paths, so the spec's paths
 * hold unchanged: the xmcbench home, the data cache and model folders read-only, the run folder read-write.
 */
public final class DockerBackend implements RunBackend {
    /** Label of a harness image naming the worker's classpath inside it. */
    public static final String CLASSPATH_LABEL = "org.xmcbench.classpath";

    private final DockerClient client;
    private final ContainerSettings settings;
    private final String heap;
    private final InspectImageResponse image;
    private final String classpath;
    private final Map<String, Object> container;

    private DockerBackend(DockerClient client, ContainerSettings settings, String heap, InspectImageResponse image,
            String classpath) {
        this.client = client;
        this.settings = settings;
        this.heap = heap;
        this.image = image;
        this.classpath = classpath;
        this.container = describe(client, settings, image);
    }

    /**
     * Connects to the engine and checks the image: present (a run never pulls), the very content a pinned
     * reference names, and a harness image.
     */
    public static DockerBackend open(ContainerSettings settings, String heap) {
        DockerClient client = DockerConnection.connect();
        InspectImageResponse image = inspect(client, settings.image());
        Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
        String cp = labels == null ? null : labels.get(CLASSPATH_LABEL);
        if (cp == null) {
            throw new IllegalStateException("image " + settings.image() + " is not an xmcbench harness image (no "
                    + CLASSPATH_LABEL + " label); build one with docker/build-images.sh");
        }
        ContainerRun.removeOrphans(client);
        return new DockerBackend(client, settings, heap, image, cp);
    }

    /** The image a reference names, checked to be the content a pinned reference promises. */
    static InspectImageResponse inspect(DockerClient client, ImageRef ref) {
        InspectImageResponse image;
        try {
            image = client.inspectImageCmd(ref.reference()).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("image " + ref + " is not on the Docker engine at "
                    + DockerConnection.host() + ": build it (docker/build-images.sh) or pull it first; xmcbench "
                    + "does not download images during a run");
        }
        String digest = ref.digest();
        if (digest != null) {
            boolean matches = ref.reference().startsWith("sha256:") ? digest.equals(image.getId())
                    : image.getRepoDigests() != null && image.getRepoDigests().contains(ref.reference());
            if (!matches) {
                throw new IllegalStateException("image " + ref + " resolved to " + image.getId() + " with repo digests "
                        + image.getRepoDigests() + ", not the pinned content");
            }
        }
        return image;
    }

    /** What run.json records as configured of the container a run is to run in. */
    static Map<String, Object> describe(DockerClient client, ContainerSettings s, InspectImageResponse image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", "docker");
        m.put("image_ref", s.image().reference());
        m.put("pinned", s.image().pinned());
        m.put("image_id", image.getId());
        m.put("repo_digests", image.getRepoDigests());
        m.put("repo_tags", image.getRepoTags());
        m.put("image_created", image.getCreated());
        m.put("engine", DockerConnection.describe(client));
        m.put("user", s.user());
        m.put("network", ContainerSettings.NETWORK_MODE); // asked for; provenance.measured.container: read back
        m.put("cpuset", s.cpuset());
        m.put("memory_limit_bytes", s.memoryBytes());
        m.put("gpus", s.gpus() == null ? null : s.gpus().toString());
        return m;
    }

    /** The image's digest as a user would pin it: its repo digest when it has one, else its id. */
    String digest() {
        String ref = settings.image().reference();
        if (ref.contains("@sha256:")) {
            return ref;
        }
        List<String> repo = image.getRepoDigests();
        return repo != null && !repo.isEmpty() ? repo.get(0) : image.getId();
    }

    @Override
    public RunSpec prepare(RunSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>(spec.provenance() == null ? Map.of() : spec.provenance());
        // The worker measures the GPUs it sees in the container: only those the container was given.
        p.put("container", container);
        p.put("container_image_digest", digest());
        return spec.withImage(settings.image().reference()).withProvenance(p);
    }

    @Override
    public Exit execute(RunSpec spec, Path specFile, Path log, Duration timeout, Duration grace)
            throws IOException, InterruptedException {
        Path dir = specFile.toAbsolutePath().getParent();
        List<Bind> binds = new ArrayList<>();
        readOnly(binds, DataHome.home());
        readOnly(binds, DataHome.cache());
        String models = System.getenv("XMC_MODELS");
        if (models != null && !models.isBlank()) {
            readOnly(binds, Path.of(models));
        }
        if (spec.modelDir() != null) {
            readOnly(binds, Path.of(spec.modelDir()));
        }
        Path dataset = Path.of(spec.dataset());
        if (dataset.isAbsolute() || Files.isDirectory(dataset)) {
            readOnly(binds, dataset);
        }
        binds.add(new Bind(dir.toString(), new Volume(dir.toString()), AccessMode.rw));
        // The worker watches its stdin, which this JVM holds through the engine (HarnessStdin): a harness killed
        // outright drops it and the worker records why and stops; the next harness removes the stopped container
        // (ContainerRun.removeOrphans). The worker's own deadline and worker.lock hold as in every backend.
        List<String> cmd = RunBackend.workerCommand("java", heap, classpath, specFile.toAbsolutePath(), timeout,
                true);
        Map<String, String> env = Map.of("HOME", "/tmp", "XMC_CONTAINER_DIGEST", digest());
        ContainerRun.Outcome out;
        // The folder is given back however the run ends: on return, on an exception, and from the shutdown hook
        // once the container is removed, when the harness is terminated mid-run.
        try (RunDirOwnership lent = RunDirOwnership.lend(dir, settings.uid(), settings.gid())) {
            // Read back from the engine before the worker starts, for the worker's record (and a failed one).
            out = ContainerRun.run(client, settings, image.getId(), cmd, binds, env, spec.shortHash(), log,
                    timeout.plus(grace), created -> Provenance.writeContainer(dir, ContainerFacts.of(created)),
                    lent::giveBackOnShutdown, true);
        }
        return new Exit(out.exitCode(), out.oomKilled(), out.oomKilled()
                ? "container memory limit " + settings.memoryBytes() + " bytes exceeded" : null);
    }

    private static void readOnly(List<Bind> binds, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.isDirectory(abs) && binds.stream().noneMatch(b -> b.getPath().equals(abs.toString()))) {
            binds.add(new Bind(abs.toString(), new Volume(abs.toString()), AccessMode.ro));
        }
    }
}
