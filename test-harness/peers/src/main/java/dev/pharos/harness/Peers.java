package dev.pharos.harness;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The peer availability policy and small helpers every real-peer test needs.
 * <p>
 * Outside CI a missing peer (binary not installed, no Docker) skips the test, loudly, so a developer laptop without
 * the tools still runs everything else. On CI ({@code CI=true}) the same situation fails the test: a CI machine that
 * silently skipped the integration tests would report green while testing nothing.
 */
public final class Peers {
    /** Ports handed out by this JVM; avoids giving the same "free" port twice before its first user binds it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Peers() {
    }

    /**
     * Closes peers at teardown, each one even if an earlier one failed, skipping those never started (null): a
     * teardown that stops at the first failure leaves processes behind.
     */
    public static void closeAll(AutoCloseable... peers) {
        for (AutoCloseable peer : peers) {
            if (peer != null) {
                try {
                    peer.close();
                } catch (Exception e) {
                    System.err.println("closing " + peer + " failed: " + e);
                }
            }
        }
    }

    /** Skips (locally) or fails (on CI) the calling test when {@code available} is false. */
    public static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if (onCi()) {
            throw new IllegalStateException("peer missing on CI (CI=true makes this a failure): " + reason);
        }
        System.err.println("SKIPPED (peer missing): " + reason);
        Assumptions.abort("peer missing: " + reason);
    }

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A TCP port on 127.0.0.1 that nothing listened on a moment ago (the usual bind-to-0 trick). */
    public static int freeLoopbackPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port after 50 attempts");
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The repository root: system property {@code pharos.repo.root} (the parent pom sets it for Surefire), else the
     * nearest directory above the working directory that holds both {@code eventing/} and {@code pom.xml}.
     */
    public static Path repoRoot() {
        String property = System.getProperty("pharos.repo.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("eventing")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Pharos repository root (a directory with eventing/ and pom.xml)"
                + " above " + start + "; set -Dpharos.repo.root");
    }

    /** An executable found on PATH or in one of the extra directories (CI shells may lack e.g. pyenv shims). */
    public static Optional<Path> executable(String name, Path... extraDirs) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Stream<Path> onPath = Stream.of(path.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of);
        return Stream.concat(onPath, Stream.of(extraDirs))
                .map(dir -> dir.resolve(name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** The HTTP status of a GET to {@code uri}, or -1 when nothing answers; for readiness probes. */
    static int httpStatus(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Where peers keep logs and scratch files: {@code target/pharos-peers} of the module under test. */
    static Path workDir() {
        Path dir = Path.of("target", "pharos-peers").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
