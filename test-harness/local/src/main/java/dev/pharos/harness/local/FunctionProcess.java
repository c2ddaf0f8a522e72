package dev.pharos.harness.local;

import dev.pharos.harness.PeerProcess;
import dev.pharos.harness.Peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Pharos function running as its own JVM process, configured through its environment the way Knative configures
 * a container (PORT, K_SINK, secrets as variables), and ready when its readiness probe answers 200.
 */
public final class FunctionProcess implements AutoCloseable {
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final PeerProcess process;
    private final URI baseUri;

    private FunctionProcess(PeerProcess process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /** Starts {@code functions/<module>/target/quarkus-app/quarkus-run.jar} and waits until it is ready. */
    public static FunctionProcess start(String module, Map<String, String> environment, List<String> jvmOptions) {
        Path jar = Peers.repoRoot().resolve("functions").resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        int port = Peers.freeLoopbackPort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        URI base = URI.create("http://127.0.0.1:" + port);
        PeerProcess process = PeerProcess.start(module, command, env)
                .awaitReady(Duration.ofSeconds(90), () -> ready(base));
        return new FunctionProcess(process, base);
    }

    public URI baseUri() {
        return baseUri;
    }

    public Path log() {
        return process.logFile();
    }

    private static boolean ready(URI base) {
        try {
            return PROBE.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
