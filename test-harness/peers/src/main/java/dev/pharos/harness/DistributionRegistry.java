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
import java.util.function.Supplier;

/**
 * A real CNCF distribution registry (the {@code registry:2} server) on 127.0.0.1, plain HTTP, that sends its push and
 * pull notifications to {@code notifyUrl}, with every media type included (blob uploads too); or, started with
 * {@link #start(Auth)}, without notifications and with access control: htpasswd Basic auth, or the token auth of
 * distribution's {@code docs/spec/auth/token.md} (see {@link RegistryTokenServer}).
 * <p>
 * Quirks worth knowing when testing a receiver: the registry queues notifications in memory and retries a failed
 * delivery every {@code backoff} (1s here) forever, blocking the queue behind it; any 2xx or 3xx counts as delivered;
 * events come in batches ({@code {"events":[...]}}) with Content-Type
 * {@code application/vnd.docker.distribution.events.v1+json}.
 */
public final class DistributionRegistry implements AutoCloseable {
    private static final String IMAGE = "registry:2";

    private final String hostPort;
    private final Path storage;
    /** How to start the process again on the same port with the same storage; empty for a container. */
    private final Optional<Supplier<PeerRuntime>> restart;
    private PeerRuntime runtime;

    private DistributionRegistry(String hostPort, PeerRuntime runtime, Path storage,
                                 Optional<Supplier<PeerRuntime>> restart) {
        this.hostPort = hostPort;
        this.runtime = runtime;
        this.storage = storage;
        this.restart = restart;
    }

    /** True when a registry can be started here: the {@code docker-registry} binary or a Docker engine. */
    public static boolean available() {
        return binary().isPresent() || Docker.available();
    }

    public static DistributionRegistry start(URI notifyUrl, Map<String, String> notifyHeaders) {
        return Docker.available() ? inContainer(Optional.of(notifyUrl), notifyHeaders, new Auth.None())
                : asProcess(Optional.of(notifyUrl), notifyHeaders, new Auth.None());
    }

    /** A registry without notifications, with the given access control. */
    public static DistributionRegistry start(Auth auth) {
        return Docker.available() ? inContainer(Optional.empty(), Map.of(), auth)
                : asProcess(Optional.empty(), Map.of(), auth);
    }

    /** Who may push and pull. */
    public sealed interface Auth {
        /** Everyone may do everything. */
        record None() implements Auth {
        }

        /**
         * HTTP Basic against an htpasswd file of these users (bcrypt hashes, the only kind distribution accepts);
         * {@link Htpasswd#available()} says whether hashes can be made here.
         */
        record Basic(Map<String, String> users) implements Auth {
            public Basic {
                users = Map.copyOf(users);
            }
        }

        /**
         * Bearer tokens from {@code realm}: JWTs whose {@code aud} is {@code service}, {@code iss} is
         * {@code issuer}, signed by a key whose certificate chain (JWT header {@code x5c}) ends in
         * {@code rootCertBundle} (PEM).
         */
        record Token(URI realm, String service, String issuer, Path rootCertBundle) implements Auth {
        }
    }

    /** "127.0.0.1:PORT", usable as the registry part of an image reference. */
    public String hostPort() {
        return hostPort;
    }

    /** The registry's own log (process mode), for debugging notification problems. */
    public synchronized Optional<Path> logFile() {
        return runtime instanceof PeerRuntime.Local local ? Optional.of(local.process().logFile()) : Optional.empty();
    }

    /** Whether {@link #stop()} and {@link #start()} work: only for the process, whose port and storage stay ours. */
    public boolean restartable() {
        return restart.isPresent();
    }

    /**
     * Stops the registry, keeping its storage and port; for chaos tests (process mode only). Notifications still
     * queued in its memory are lost, as they would be when a real registry restarts.
     */
    public synchronized void stop() {
        requireRestartable();
        runtime.close();
    }

    /** Starts the stopped registry again on the same port with the same content and notification settings. */
    public synchronized void start() {
        requireRestartable();
        runtime = restart.orElseThrow().get();
    }

    private void requireRestartable() {
        if (restart.isEmpty()) {
            throw new UnsupportedOperationException("a registry container cannot be restarted on the same port");
        }
    }

    @Override
    public synchronized void close() {
        runtime.close();
        if (storage != null) {
            EmbeddedPostgresServer.deleteTree(storage);
        }
    }

    private static DistributionRegistry asProcess(Optional<URI> notifyUrl, Map<String, String> notifyHeaders,
                                                  Auth auth) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("docker-registry is not installed"));
        int port = Peers.freeLoopbackPort();
        Path dir = Peers.workDir().resolve("registry-" + port);
        Path config = dir.resolve("config.yml");
        Path htpasswd = dir.resolve("htpasswd");
        try {
            Files.createDirectories(dir);
            if (auth instanceof Auth.Basic basic) {
                Files.writeString(htpasswd, Htpasswd.file(basic.users()));
            }
            Files.writeString(config, config("127.0.0.1:" + port, dir.resolve("storage").toString(), notifyUrl,
                    notifyHeaders) + authConfig(auth, htpasswd.toString(), auth instanceof Auth.Token token
                    ? token.rootCertBundle().toAbsolutePath().toString() : ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write registry config " + config, e);
        }
        // With access control /v2/ answers 401 to an anonymous probe: that is "up" too.
        int ready = auth instanceof Auth.None ? 200 : 401;
        Supplier<PeerRuntime> launch = () -> new PeerRuntime.Local(PeerProcess.start("registry",
                List.of(binary.toString(), "serve", config.toString()), Map.of()).awaitReady(Duration.ofSeconds(60),
                () -> Peers.httpStatus(URI.create("http://127.0.0.1:" + port + "/v2/")) == ready));
        return new DistributionRegistry("127.0.0.1:" + port, launch.get(), dir, Optional.of(launch));
    }

    private static DistributionRegistry inContainer(Optional<URI> notifyUrl, Map<String, String> notifyHeaders,
                                                    Auth auth) {
        Optional<URI> reachable = notifyUrl.map(url -> {
            String host = url.getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
                return url;
            }
            // Inside the container loopback is the container itself; Testcontainers tunnels this host port instead.
            Testcontainers.exposeHostPorts(url.getPort() < 0 ? 80 : url.getPort());
            return URI.create(url.toString().replaceFirst("//[^/:]+", "//host.testcontainers.internal"));
        });
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(5000)
                .withAccessToHost(true)
                .withCopyToContainer(Transferable.of(config("0.0.0.0:5000", "/var/lib/registry", reachable,
                        notifyHeaders) + authConfig(auth, "/auth/htpasswd", "/auth/bundle.pem")),
                        "/etc/docker/registry/config.yml")
                .waitingFor(Wait.forHttp("/v2/").forStatusCode(auth instanceof Auth.None ? 200 : 401));
        if (auth instanceof Auth.Basic basic) {
            container.withCopyToContainer(Transferable.of(Htpasswd.file(basic.users())), "/auth/htpasswd");
        }
        if (auth instanceof Auth.Token token) {
            try {
                container.withCopyToContainer(Transferable.of(Files.readAllBytes(token.rootCertBundle())),
                        "/auth/bundle.pem");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + token.rootCertBundle(), e);
            }
        }
        container.start();
        Docker.stopAtExit(container);
        return new DistributionRegistry(container.getHost() + ":" + container.getMappedPort(5000),
                new PeerRuntime.Container(container), null, Optional.empty());
    }

    /** The {@code auth:} section (distribution {@code docs/configuration.md}); empty for {@link Auth.None}. */
    private static String authConfig(Auth auth, String htpasswdPath, String bundlePath) {
        return switch (auth) {
            case Auth.None none -> "";
            case Auth.Basic basic -> """
                    auth:
                      htpasswd:
                        realm: pharos-test
                        path: %s
                    """.formatted(quote(htpasswdPath));
            case Auth.Token token -> """
                    auth:
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(quote(token.realm().toString()), quote(token.service()), quote(token.issuer()),
                    quote(bundlePath));
        };
    }

    /** Registry configuration; YAML written by hand because a single fixed shape is all we need. */
    static String config(String addr, String storageDir, Optional<URI> notifyUrl, Map<String, String> notifyHeaders) {
        String base = """
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
                """.formatted(quote(storageDir), addr);
        if (notifyUrl.isEmpty()) {
            return base;
        }
        StringBuilder headers = new StringBuilder();
        notifyHeaders.forEach((name, value) -> headers.append("        ").append(name).append(": [")
                .append(quote(value)).append("]\n"));
        return base + """
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
                """.formatted(quote(notifyUrl.get().toString()), headers.isEmpty() ? "        {}\n" : headers);
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Optional<Path> binary() {
        return Peers.executable("docker-registry").or(() -> Peers.executable("registry"));
    }
}
