package dev.pharos.harness;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeersTest {

    @Test
    void freePortsAreDistinctAndBindableOnLoopback() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ports.add(Peers.freeLoopbackPort());
        }
        assertThat(ports).hasSize(20);
        int port = ports.iterator().next();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(Peers.listening(port)).isTrue();
        }
        assertThat(Peers.listening(port)).isFalse();
    }

    @Test
    void missingPeerSkipsLoudlyLocallyAndFailsOnCi() {
        Class<? extends Throwable> expected = Peers.onCi() ? IllegalStateException.class : TestAbortedException.class;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> Peers.require(false, "frobnicator not installed"))
                    .isInstanceOf(expected)
                    .hasMessageContaining("frobnicator not installed");
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(Peers.onCi() ? ""
                : "SKIPPED (peer missing): frobnicator not installed" + System.lineSeparator());
    }

    @Test
    void presentPeerDoesNothing() {
        Peers.require(true, "never shown");
        assertThat(Peers.onCi()).isEqualTo("true".equalsIgnoreCase(System.getenv("CI")));
    }

    @Test
    void repoRootHoldsEventingAndThePom() {
        assertThat(Peers.repoRoot().resolve("eventing")).isDirectory();
        assertThat(Files.isRegularFile(Peers.repoRoot().resolve("pom.xml"))).isTrue();
        assertThat(Peers.repoRoot().resolve("test-harness")).isDirectory();
    }
}
