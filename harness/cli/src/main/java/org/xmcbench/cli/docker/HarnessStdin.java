package org.xmcbench.cli.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * A container's stdin held by this harness JVM, as the local backend holds its child's: the container is created
 * with stdin open and closed after its first attached client leaves ({@code StdinOnce}); this JVM attaches with a
 * stream that never yields a byte. If the harness dies in any way, even by SIGKILL, its connection to the engine
 * drops, the engine closes the container's stdin, and the worker (watching its stdin) records the run as failed and
 * stops — instead of running on to its deadline. Released at the end of a normal run, after the container exited.
 */
final class HarnessStdin implements AutoCloseable {
    private final CountDownLatch released = new CountDownLatch(1);
    private final ResultCallback.Adapter<Frame> attached;

    private HarnessStdin(DockerClient client, String containerId) {
        InputStream never = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        attached = client.attachContainerCmd(containerId).withStdIn(never).withFollowStream(true)
                .exec(new ResultCallback.Adapter<>());
    }

    /** Attaches to a created container (before it starts, so the worker never reads an early end of input). */
    static HarnessStdin attach(DockerClient client, String containerId) {
        return new HarnessStdin(client, containerId);
    }

    @Override
    public void close() {
        released.countDown();
        try {
            attached.close();
        } catch (IOException ignored) {
            // the container is gone; nothing holds the stream any more
        }
    }
}
