package dev.pharos.harness;

import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real CNCF distribution registry (the {@code registry:2} server) on 127.0.0.1, plain HTTP, that sends its push and
 * pull notifications to {@code notifyUrl}, with every media type included (blob uploads too).
 * <p>
 * Quirks worth knowing when testing a receiver: the registry queues notifications in memory and retries a failed
 * delivery every {@code backoff} (1s here) forever, blocking the queue behind it; any 2xx or 3xx counts as delivered;
 * events come in batches ({@code {"events":[...]}}) with Content-Type
 * {@code application/vnd.docker.distribution.events.v1+json}.
 */
public final class DistributionRegistry implements AutoCloseable {
    private static final String IMAGE = "registry:2";

    private final String hostPort;
    private final PeerProcess process;
    private final GenericContainer<?> container;
    private final Path storage;

    private DistributionRegistry(String hostPort, PeerProcess process, GenericContainer<?> container, Path storage) {
        this.hostPort = hostPort;
        this.process = process;
        this.container = container;
        this.storage = storage;
    }

    /** True when a registry can be started here: the {@code docker-registry} binary or a Docker engine. */
    public static boolean available() {
        return binary().isPresent() || Docker.available();
    }

    public static DistributionRegistry start(URI notifyUrl, Map<String, String> notifyHeaders) {
        return Docker.available() ? inContainer(notifyUrl, notifyHeaders) : asProcess(notifyUrl, notifyHeaders);
    }

    /** "127.0.0.1:PORT", usable as the registry part of an image reference. */
    public String hostPort() {
        return hostPort;
    }

    /** The registry's own log (process mode), for debugging notification problems. */
    public Optional<Path> logFile() {
        return Optional.ofNullable(process).map(PeerProcess::logFile);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            EmbeddedPostgresServer.deleteTree(storage);
        }
        if (container != null) {
            container.stop();
        }
    }

    private static DistributionRegistry asProcess(URI notifyUrl, Map<String, String> notifyHeaders) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("docker-registry is not installed"));
        int port = Peers.freeLoopbackPort();
        Path dir = Peers.workDir().resolve("registry-" + port);
        Path config = dir.resolve("config.yml");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, config("127.0.0.1:" + port, dir.resolve("storage").toString(), notifyUrl,
                    notifyHeaders));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write registry config " + config, e);
        }
        PeerProcess process = PeerProcess.start("registry", List.of(binary.toString(), "serve", config.toString()),
                Map.of());
        process.awaitReady(Duration.ofSeconds(60), () -> Peers.httpStatus(URI.create("http://127.0.0.1:" + port + "/v2/")) == 200);
        return new DistributionRegistry("127.0.0.1:" + port, process, null, dir);
    }

    private static DistributionRegistry inContainer(URI notifyUrl, Map<String, String> notifyHeaders) {
        URI reachable = notifyUrl;
        String host = notifyUrl.getHost();
        if ("127.0.0.1".equals(host) || "localhost".equals(host)) {
            // Inside the container loopback is the container itself; Testcontainers tunnels this host port instead.
            int port = notifyUrl.getPort() < 0 ? 80 : notifyUrl.getPort();
            Testcontainers.exposeHostPorts(port);
            reachable = URI.create(notifyUrl.toString().replaceFirst("//[^/:]+", "//host.testcontainers.internal"));
        }
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(5000)
                .withAccessToHost(true)
                .withCopyToContainer(Transferable.of(config("0.0.0.0:5000", "/var/lib/registry", reachable,
                        notifyHeaders)), "/etc/docker/registry/config.yml")
                .waitingFor(Wait.forHttp("/v2/").forStatusCode(200));
        container.start();
        Docker.stopAtExit(container);
        return new DistributionRegistry(container.getHost() + ":" + container.getMappedPort(5000), null, container,
                null);
    }

    /** Registry configuration; YAML written by hand because a single fixed shape is all we need. */
    static String config(String addr, String storageDir, URI notifyUrl, Map<String, String> notifyHeaders) {
        StringBuilder headers = new StringBuilder();
        notifyHeaders.forEach((name, value) -> headers.append("        ").append(name).append(": [")
                .append(quote(value)).append("]\n"));
        return """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                  secret: pharos-test-only
                notifications:
                  events:
                    includereferences: true
                  endpoints:
                    - name: pharos
                      url: %s
                      headers:
                %s      timeout: 1s
                      threshold: 3
                      backoff: 1s
                      ignoredmediatypes: []
                """.formatted(quote(storageDir), addr, quote(notifyUrl.toString()),
                headers.isEmpty() ? "        {}\n" : headers);
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Optional<Path> binary() {
        return Peers.executable("docker-registry").or(() -> Peers.executable("registry"));
    }
}
