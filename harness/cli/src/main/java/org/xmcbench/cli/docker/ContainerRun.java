package org.xmcbench.cli.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.command.WaitContainerResultCallback;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command in one container, start to removal: created with the settings' limits, its output streamed into a
 * log file as it runs, killed when it exceeds its timeout, and removed whatever happens — on return, on an
 * exception, and from a shutdown hook when the harness itself is interrupted. Containers carry the harness's pid
 * as a label, so one left behind by a harness that was killed outright (no hooks run) is removed by the next
 * harness that starts a container ({@link #removeOrphans}).
 */
public final class ContainerRun {
    static final String OWNER_LABEL = "org.xmcbench.owner-pid";
    static final String HOST_LABEL = "org.xmcbench.owner-host";
    public static final String RUN_LABEL = "org.xmcbench.run";

    /**
     * How the container ended.
     *
     * @param exitCode the command's exit status, null when it was killed for exceeding the timeout
     * @param oomKilled the kernel stopped it for exceeding the memory limit
     */
    public record Outcome(Integer exitCode, boolean oomKilled, String containerId, double wallSeconds) {}

    private ContainerRun() {}

    public static Outcome run(DockerClient client, ContainerSettings settings, String imageId, List<String> command,
            List<Bind> binds, Map<String, String> env, String runLabel, Path log, Duration timeout)
            throws IOException, InterruptedException {
        return run(client, settings, imageId, command, binds, env, runLabel, log, timeout, created -> { }, () -> { },
                false);
    }

    /** What to do with the engine's description of the container once it exists, before it starts. */
    public interface BeforeStart {
        void accept(InspectContainerResponse created) throws IOException;
    }

    /**
     * As above.
     *
     * @param beforeStart given {@code docker inspect} of the created container, before it starts
     * @param afterRemoval what the shutdown hook does once the container is gone (nothing writes into its mounts
     *     any more), when the harness is terminated while it runs: give a lent folder back
     * @param holdStdin hold the container's stdin open from this JVM ({@link HarnessStdin}), for a command that
     *     ends itself when its stdin ends
     */
    public static Outcome run(DockerClient client, ContainerSettings settings, String imageId, List<String> command,
            List<Bind> binds, Map<String, String> env, String runLabel, Path log, Duration timeout,
            BeforeStart beforeStart, Runnable afterRemoval, boolean holdStdin)
            throws IOException, InterruptedException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RUN_LABEL, runLabel);
        labels.put(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()));
        labels.put(HOST_LABEL, hostName());
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        // The hook is registered before the container exists: a SIGTERM during creation still removes it.
        CreatedContainer created = new CreatedContainer();
        Thread cleanup = new Thread(() -> {
            created.removeOnShutdown(cid -> remove(client, cid));
            afterRemoval.run();
        }, "xmc-container-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String id;
        try {
            id = created.create(() -> client.createContainerCmd(imageId).withCmd(command).withEnv(envList)
                    .withLabels(labels).withUser(settings.user()).withWorkingDir("/tmp").withNetworkDisabled(true)
                    .withStdinOpen(holdStdin).withStdInOnce(holdStdin).withAttachStdin(holdStdin)
                    .withHostConfig(settings.hostConfig(binds)).exec().getId());
        } catch (RuntimeException e) {
            unregister(cleanup);
            throw e;
        }
        long t0 = System.nanoTime();
        HarnessStdin stdin = null;
        try (OutputStream out = Files.newOutputStream(log); LogToFile logs = new LogToFile(out)) {
            beforeStart.accept(client.inspectContainerCmd(id).exec());
            stdin = holdStdin ? HarnessStdin.attach(client, id) : null;
            client.startContainerCmd(id).exec();
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(logs);
            WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback());
            Integer code = null;
            if (wait.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = wait.awaitStatusCode();
            } else {
                kill(client, id);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            logs.awaitCompletion(30, TimeUnit.SECONDS);
            InspectContainerResponse state = client.inspectContainerCmd(id).exec();
            return new Outcome(code, Boolean.TRUE.equals(state.getState().getOOMKilled()), id, wall);
        } finally {
            if (stdin != null) {
                stdin.close();
            }
            remove(client, id);
            unregister(cleanup);
        }
    }

    private static void unregister(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    private static void kill(DockerClient client, String id) {
        try {
            client.killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException | NotModifiedException alreadyStopped) {
            // it ended between the timeout and the kill
        }
    }

    static void remove(DockerClient client, String id) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }

    /** Removes containers started by an xmcbench process on this host that is no longer alive. */
    public static int removeOrphans(DockerClient client) {
        int removed = 0;
        for (Container c : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(HOST_LABEL, hostName())).exec()) {
            String pid = c.getLabels() == null ? null : c.getLabels().get(OWNER_LABEL);
            if (pid != null && pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                remove(client, c.getId());
                removed++;
            }
        }
        return removed;
    }

    /** Containers still present that this harness process started (for tests and diagnostics). */
    public static List<Container> owned(DockerClient client, long pid) {
        return client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(OWNER_LABEL, Long.toString(pid))).exec();
    }

    static String hostName() {
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Copies the container's stdout and stderr, in the order the engine sends them, into the log file. */
    private static final class LogToFile extends ResultCallback.Adapter<Frame> {
        private final OutputStream out;

        LogToFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onNext(Frame frame) {
            try {
                out.write(frame.getPayload());
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
