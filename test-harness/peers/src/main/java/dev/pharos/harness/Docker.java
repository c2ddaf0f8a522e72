package dev.pharos.harness;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether peers run as Testcontainers containers (a Docker engine answers) or as local processes.
 * <p>
 * {@code PHAROS_TEST_PEERS=process} forces local processes; {@code PHAROS_TEST_PEERS=docker} always asks Testcontainers.
 * Otherwise we ask Testcontainers only when some Docker endpoint could exist: on a machine without any, its own probe
 * is slow and logs a page of errors for nothing.
 */
final class Docker {
    private static volatile Boolean available;

    private Docker() {
    }

    static boolean available() {
        Boolean known = available;
        if (known == null) {
            synchronized (Docker.class) {
                known = available;
                if (known == null) {
                    known = probe();
                    available = known;
                }
            }
        }
        return known;
    }

    private static boolean probe() {
        String forced = System.getenv("PHAROS_TEST_PEERS");
        if ("process".equalsIgnoreCase(forced)) {
            return false;
        }
        if (!"docker".equalsIgnoreCase(forced) && !anEndpointMightExist()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static boolean anEndpointMightExist() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return Stream.of(Path.of("/var/run/docker.sock"), Path.of(home, ".testcontainers.properties"),
                        Path.of(home, ".docker", "run", "docker.sock"),
                        Path.of(runtime == null ? "/nonexistent" : runtime, "docker.sock"))
                .anyMatch(Files::exists);
    }

    /** Stops a container at JVM exit (Testcontainers' Ryuk also reaps it, but may be disabled). */
    static void stopAtExit(GenericContainer<?> container) {
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "pharos-container-stop"));
    }
}
