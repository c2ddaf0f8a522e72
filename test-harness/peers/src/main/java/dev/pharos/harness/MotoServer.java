package dev.pharos.harness;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * moto's AWS emulator (S3 and friends) on a free 127.0.0.1 port. Clients use {@link #endpoint()} as endpoint
 * override, path-style S3 addressing, any static credentials and region {@code us-east-1}.
 */
public final class MotoServer implements AutoCloseable {
    private static final String IMAGE = "motoserver/moto:latest";

    private final URI endpoint;
    private final PeerRuntime runtime;

    private MotoServer(URI endpoint, PeerRuntime runtime) {
        this.endpoint = endpoint;
        this.runtime = runtime;
    }

    public static boolean available() {
        return binary().isPresent() || Docker.available();
    }

    public static MotoServer start() {
        return Docker.available() ? inContainer() : asProcess();
    }

    /** http://127.0.0.1:PORT */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        runtime.close();
    }

    private static MotoServer asProcess() {
        Path moto = binary().orElseThrow(() -> new IllegalStateException("moto_server is not installed"));
        int port = Peers.freeLoopbackPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        PeerProcess process = PeerProcess.start("moto",
                List.of(moto.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)), Map.of());
        process.awaitReady(Duration.ofSeconds(60), () -> Peers.httpStatus(endpoint.resolve("/moto-api/")) == 200);
        return new MotoServer(endpoint, new PeerRuntime.Local(process));
    }

    private static MotoServer inContainer() {
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(5000)
                .waitingFor(Wait.forHttp("/moto-api/").forStatusCode(200));
        container.start();
        Docker.stopAtExit(container);
        return new MotoServer(URI.create("http://" + container.getHost() + ":" + container.getMappedPort(5000)),
                new PeerRuntime.Container(container));
    }

    /** On PATH, or in pyenv's shims, which non-login CI shells may not have on PATH. */
    private static Optional<Path> binary() {
        String pyenvRoot = Optional.ofNullable(System.getenv("PYENV_ROOT"))
                .orElse(System.getProperty("user.home") + "/.pyenv");
        return Peers.executable("moto_server", Path.of(pyenvRoot, "shims"));
    }
}
