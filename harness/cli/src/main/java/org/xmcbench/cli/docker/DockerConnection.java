package org.xmcbench.cli.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** A client for the Docker engine at {@code DOCKER_HOST} (default: the local socket), checked to answer. */
public final class DockerConnection {
    private DockerConnection() {}

    /** Where the engine is, as the Docker CLI would find it. */
    public static String host() {
        String h = System.getenv("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    /**
     * Connects and pings the engine.
     *
     * @throws IllegalStateException naming the socket when no engine answers there
     */
    public static DockerClient connect() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).maxConnections(16).connectionTimeout(Duration.ofSeconds(10))
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no Docker engine answers at " + host() + " (set DOCKER_HOST): "
                    + e.getMessage(), e);
        }
        return client;
    }

    /** The engine's version and API version, for run.json. */
    public static String describe(DockerClient client) {
        Version v = client.versionCmd().exec();
        return "Docker " + v.getVersion() + " (API " + v.getApiVersion() + ", " + v.getOperatingSystem() + "/"
                + v.getArch() + ")";
    }
}
