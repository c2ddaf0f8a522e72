package dev.pharos.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code skopeo} CLI, to move images between OCI layouts and registries without a Docker engine.
 * Test registries are plain HTTP, so TLS verification is off and the signature policy is not consulted.
 */
public final class Skopeo {
    private static final long TIMEOUT_SECONDS = 120;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private Skopeo() {
    }

    public static boolean available() {
        return binary().isPresent();
    }

    /** {@code skopeo copy oci:<layout>:<tag> docker://<destinationRef>}; the ref may carry the docker:// prefix. */
    public static void copy(Path ociLayout, String tag, String destinationRef) {
        run(List.of("copy", "--dest-tls-verify=false", "oci:" + ociLayout.toAbsolutePath() + ":" + tag,
                docker(destinationRef)));
    }

    /** The way back: {@code skopeo copy docker://<sourceRef> oci:<layout>:<tag>}. */
    public static void copyToLayout(String sourceRef, Path ociLayout, String tag) {
        run(List.of("copy", "--src-tls-verify=false", docker(sourceRef),
                "oci:" + ociLayout.toAbsolutePath() + ":" + tag));
    }

    /** The manifest exactly as the registry serves it ({@code skopeo inspect --raw}). */
    public static String inspectRaw(String ref) {
        return run(List.of("inspect", "--raw", "--tls-verify=false", docker(ref)));
    }

    private static String docker(String ref) {
        return ref.startsWith("docker://") ? ref : "docker://" + ref;
    }

    /** Runs skopeo, returns its stdout; throws with stderr when it fails or hangs. */
    private static String run(List<String> args) {
        Path skopeo = binary().orElseThrow(() -> new IllegalStateException("skopeo is not installed"));
        List<String> command = new ArrayList<>(List.of(skopeo.toString(), "--insecure-policy"));
        command.addAll(args);
        int run = RUNS.incrementAndGet();
        Path out = Peers.workDir().resolve("skopeo-" + ProcessHandle.current().pid() + "-" + run + ".out");
        Path err = Peers.workDir().resolve("skopeo-" + ProcessHandle.current().pid() + "-" + run + ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("skopeo hung for " + TIMEOUT_SECONDS + "s: " + command + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("skopeo failed (exit " + process.exitValue() + "): " + command + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static Optional<Path> binary() {
        return Peers.executable("skopeo");
    }
}
