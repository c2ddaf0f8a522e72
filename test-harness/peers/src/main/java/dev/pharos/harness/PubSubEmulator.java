package dev.pharos.harness;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google's Pub/Sub emulator on a free 127.0.0.1 port. Clients reach it with a plaintext gRPC channel to
 * {@link #hostPort()} and no credentials (or {@code PUBSUB_EMULATOR_HOST}); any project id works.
 * <p>
 * Locally the emulator's own launcher from the Cloud SDK ({@code platform/pubsub-emulator/bin/cloud-pubsub-emulator})
 * runs directly, on this JVM's Java: {@code gcloud beta emulators pubsub start} would add a Python process and a few
 * seconds, and, when killed, leaves the emulator's JVM running. {@code gcloud} itself is the fallback.
 */
public final class PubSubEmulator implements AutoCloseable {
    private static final String PROJECT = "pharos-test";
    private static final String IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators";

    private final String hostPort;
    private final PeerRuntime runtime;

    private PubSubEmulator(String hostPort, PeerRuntime runtime) {
        this.hostPort = hostPort;
        this.runtime = runtime;
    }

    public static boolean available() {
        return launcher().isPresent() || Peers.executable("gcloud").isPresent() || Docker.available();
    }

    public static PubSubEmulator start() {
        return Docker.available() ? inContainer() : asProcess();
    }

    /** "127.0.0.1:PORT" */
    public String hostPort() {
        return hostPort;
    }

    public String projectId() {
        return PROJECT;
    }

    @Override
    public void close() {
        runtime.close();
    }

    private static PubSubEmulator asProcess() {
        int port = Peers.freeLoopbackPort();
        List<String> command = launcher()
                .map(l -> List.of(l.toString(), "--host=127.0.0.1", "--port=" + port))
                .or(() -> Peers.executable("gcloud").map(g -> List.of(g.toString(), "beta", "emulators", "pubsub",
                        "start", "--host-port=127.0.0.1:" + port, "--project=" + PROJECT)))
                .orElseThrow(() -> new IllegalStateException("neither the Pub/Sub emulator nor gcloud is installed"));
        PeerProcess process = PeerProcess.start("pubsub-emulator", command,
                Map.of("JAVA_HOME", System.getProperty("java.home")));
        process.awaitReady(Duration.ofSeconds(90), () -> Peers.listening(port));
        return new PubSubEmulator("127.0.0.1:" + port, new PeerRuntime.Local(process));
    }

    private static PubSubEmulator inContainer() {
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(8085)
                .withCommand("gcloud", "beta", "emulators", "pubsub", "start", "--host-port=0.0.0.0:8085",
                        "--project=" + PROJECT)
                .waitingFor(Wait.forLogMessage(".*Server started, listening on.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        container.start();
        Docker.stopAtExit(container);
        return new PubSubEmulator(container.getHost() + ":" + container.getMappedPort(8085),
                new PeerRuntime.Container(container));
    }

    /** The emulator launcher: {@code PHAROS_PUBSUB_EMULATOR}, else found next to the Cloud SDK's gcloud. */
    private static Optional<Path> launcher() {
        String configured = System.getenv("PHAROS_PUBSUB_EMULATOR");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Peers.executable("gcloud").flatMap(gcloud -> {
            try {
                Path sdk = gcloud.toRealPath().getParent().getParent();
                return Optional.of(sdk.resolve("platform/pubsub-emulator/bin/cloud-pubsub-emulator"))
                        .filter(Files::isExecutable);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }
}
